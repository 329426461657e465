// The dev server's script (src/dev/server.ts), served only by `npm run dev`: shows the findings
// for this page in a panel and reloads the page when the group changes. Everything it shows is
// set as text (textContent), never as HTML: the content is untrusted.
(() => {
  const dataElement = document.getElementById('jiyue-dev-data');
  if (!dataElement) return;
  const data = JSON.parse(dataElement.textContent || '{}');

  const host = document.createElement('jiyue-dev-overlay');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `
    :host { all: initial; }
    .panel { position: fixed; right: 12px; bottom: 12px; z-index: 2147483647; max-width: min(44rem, calc(100vw - 24px)); max-height: 60vh; overflow: auto;
      background: #fff; color: #1a1a1a; border: 2px solid #b00020; border-radius: 6px; box-shadow: 0 4px 18px rgba(0,0,0,.25);
      font: 14px/1.6 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
    .panel.clean { border-color: #2e7d32; }
    .panel.warn { border-color: #b26a00; }
    header { display: flex; gap: .5rem; align-items: center; justify-content: space-between; padding: .4rem .75rem; background: #f6f6f6; font-weight: 600; }
    button { font: inherit; cursor: pointer; border: 1px solid #999; background: #fff; border-radius: 4px; padding: 0 .5rem; }
    ol { margin: 0; padding: .25rem .75rem .5rem 2rem; }
    li { margin: .35rem 0; }
    .where { font-family: ui-monospace, monospace; word-break: break-all; }
    .error .label { color: #b00020; font-weight: 600; }
    .warning .label { color: #8a5300; font-weight: 600; }
    .hint { color: #333; }
    .note { padding: .25rem .75rem; color: #333; }
    .hidden ol, .hidden .note { display: none; }
  `;
  root.append(style);

  const findings = data.findings || [];
  const notes = data.notes || [];
  if (findings.length || notes.length) {
    const panel = document.createElement('section');
    const errors = findings.filter((f) => f.severity === 'error').length;
    panel.className = `panel ${errors ? '' : findings.length ? 'warn' : 'clean'}`;
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', '实时预览：本页的问题');
    const header = document.createElement('header');
    const title = document.createElement('span');
    title.textContent = findings.length ? `本页 ${errors} 个错误，${findings.length - errors} 个警告（网站群共 ${data.totals.errors} 个错误，${data.totals.warnings} 个警告）` : '实时预览';
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.textContent = '收起';
    toggle.addEventListener('click', () => {
      panel.classList.toggle('hidden');
      toggle.textContent = panel.classList.contains('hidden') ? '展开' : '收起';
    });
    header.append(title, toggle);
    panel.append(header);
    for (const note of notes) {
      const p = document.createElement('p');
      p.className = 'note';
      p.textContent = note;
      panel.append(p);
    }
    if (findings.length) {
      const list = document.createElement('ol');
      for (const f of findings) {
        const item = document.createElement('li');
        item.className = f.severity;
        item.dataset.rule = f.ruleId;
        const where = document.createElement('div');
        const loc = document.createElement('span');
        loc.className = 'where';
        loc.textContent = `${f.location} ${f.ruleId} `;
        const label = document.createElement('span');
        label.className = 'label';
        label.textContent = f.severity === 'error' ? '错误' : '警告';
        where.append(loc, label, document.createTextNode(`：${f.message}`));
        const hint = document.createElement('div');
        hint.className = 'hint';
        hint.textContent = `修改建议：${f.hint}`;
        item.append(where, hint);
        list.append(item);
      }
      panel.append(list);
    }
    root.append(panel);
  }
  document.body.append(host);

  // Reload when the group changes; the server sends the change at once if this page is older.
  const events = new EventSource(`/__jiyue/events?v=${encodeURIComponent(data.version)}`);
  events.addEventListener('reload', () => {
    events.close();
    location.reload();
  });
})();
