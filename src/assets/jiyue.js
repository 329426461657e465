/*
 * jiyue 无障碍浏览（大字号、高对比度）。First-party, no dependencies, copied into every site's
 * assets/. Loaded in <head> so a saved mode applies before the first paint, and so the page is
 * marked (html.jy-js) before the header is laid out: the buttons' place is kept by the CSS and
 * they become visible without moving anything (progressive enhancement: without JavaScript the
 * page is complete, just without the toggles). Choices persist in localStorage per site origin.
 */
(function () {
  'use strict';
  var MODES = ['large', 'contrast'];
  var KEY = 'jiyue-mode-';
  var root = document.documentElement;
  root.classList.add('jy-js');
  function read(mode) {
    try {
      return window.localStorage.getItem(KEY + mode) === '1';
    } catch (e) {
      return false;
    }
  }
  function write(mode, on) {
    try {
      if (on) window.localStorage.setItem(KEY + mode, '1');
      else window.localStorage.removeItem(KEY + mode);
    } catch (e) {
      /* storage unavailable (private mode): the mode still applies to this page */
    }
  }
  function apply(mode, on) {
    if (on) root.setAttribute('data-jy-' + mode, '');
    else root.removeAttribute('data-jy-' + mode);
  }
  for (var i = 0; i < MODES.length; i++) apply(MODES[i], read(MODES[i]));

  function wire() {
    var buttons = document.querySelectorAll('button[data-jy-mode]');
    for (var b = 0; b < buttons.length; b++) {
      (function (button) {
        var mode = button.getAttribute('data-jy-mode');
        button.setAttribute('aria-pressed', read(mode) || root.hasAttribute('data-jy-' + mode) ? 'true' : 'false');
        // A <button> is keyboard operable by itself (Enter and Space fire click).
        button.addEventListener('click', function () {
          var on = button.getAttribute('aria-pressed') !== 'true';
          apply(mode, on);
          write(mode, on);
          button.setAttribute('aria-pressed', on ? 'true' : 'false');
        });
      })(buttons[b]);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
