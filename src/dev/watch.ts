/**
 * Watches a folder tree for saves: one watcher per folder, added as folders appear.
 *
 * Not `fs.watch(root, { recursive: true })`: on Linux Node implements it by watching each file,
 * and a file replaced by a rename (`sed -i`, an editor's atomic save, `git checkout`, `git pull`)
 * is then watched no more — every later save of it went unseen (measured on Node 22: after one
 * replace, in-place writes gave no event). A folder's watcher reports every change of a name in
 * it, whatever the file's inode.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Calls `onChange` with the path (relative to `root`, `/`-separated) of every file or folder
 * that is written, created, renamed or deleted under `root`; folders whose name starts with a
 * dot are not watched. `onBlind` is called when a folder that exists cannot be watched (the
 * system's limit of watches is reached, say): changes under it go unseen. Returns the function
 * that stops watching.
 */
export function watchTree(root: string, onChange: (rel: string) => void, onBlind: () => void = () => {}): () => void {
  const watchers = new Map<string, fs.FSWatcher>();
  const add = (dir: string) => {
    if (watchers.has(dir)) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, (_event, name) => {
        if (!name) return onChange(rel(dir));
        const abs = path.join(dir, name.toString());
        // A new folder (created, or moved in): watch it and what it holds.
        if (!watchers.has(abs) && isFolder(abs)) walk(abs);
        onChange(rel(abs));
      });
    } catch {
      // Gone before it could be watched: its parent reports it.
      if (stillThere(dir)) onBlind();
      return;
    }
    // A folder that is deleted or moved away ends its watcher; one that is still there is unseen from now on.
    watcher.on('error', () => {
      drop(dir);
      if (stillThere(dir)) onBlind();
    });
    watchers.set(dir, watcher);
  };
  const drop = (dir: string) => {
    for (const [d, w] of watchers) {
      if (d === dir || d.startsWith(dir + path.sep)) {
        w.close();
        watchers.delete(d);
      }
    }
  };
  const walk = (dir: string) => {
    add(dir);
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) if (d.isDirectory() && !d.name.startsWith('.')) walk(path.join(dir, d.name));
  };
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  walk(root);
  return () => {
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };
}

function isFolder(abs: string): boolean {
  try {
    const st = fs.lstatSync(abs);
    return st.isDirectory() && !path.basename(abs).startsWith('.');
  } catch {
    return false;
  }
}

function stillThere(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
