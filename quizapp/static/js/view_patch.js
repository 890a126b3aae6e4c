// Apply a view patch (quizapp/live/patches.py makes them): a list of [path, value] (set)
// and [path] (remove; on a list index: cut the list there). Setting index === length appends.
// The held view is never changed: pages keep the previous view to compare with, so only the
// objects on a changed path are copied.

export class PatchError extends Error {}

function copyOf(value, fresh) {
  if (fresh.has(value)) return value;
  let copy;
  if (Array.isArray(value)) copy = value.slice();
  else if (value !== null && typeof value === "object") copy = { ...value };
  else throw new PatchError("cannot descend into " + typeof value);
  fresh.add(copy);
  return copy;
}

function childOf(node, key) {
  if (Array.isArray(node)) {
    if (!Number.isInteger(key) || key < 0 || key >= node.length) throw new PatchError("no index " + key);
  } else if (!Object.prototype.hasOwnProperty.call(node, key)) {
    throw new PatchError("no key " + key);
  }
  return node[key];
}

/** `doc` with `ops` applied, as a new object; throws PatchError when the patch does not fit. */
export function applyPatch(doc, ops) {
  if (!Array.isArray(ops)) throw new PatchError("a patch is a list");
  const fresh = new WeakSet(); // containers made by this call, safe to change
  let root = doc;
  for (const op of ops) {
    if (!Array.isArray(op) || (op.length !== 1 && op.length !== 2) || !Array.isArray(op[0])) {
      throw new PatchError("malformed operation");
    }
    const path = op[0];
    if (path.length === 0) {
      if (op.length === 1) throw new PatchError("the document itself cannot be removed");
      root = op[1];
      continue;
    }
    root = copyOf(root, fresh);
    let node = root;
    for (const key of path.slice(0, -1)) {
      const child = copyOf(childOf(node, key), fresh);
      node[key] = child;
      node = child;
    }
    const key = path[path.length - 1];
    if (Array.isArray(node)) {
      if (!Number.isInteger(key) || key < 0 || key > node.length) throw new PatchError("no index " + key);
      if (op.length === 1) node.length = key;
      else node[key] = op[1];
    } else if (op.length === 2) {
      node[key] = op[1];
    } else if (Object.prototype.hasOwnProperty.call(node, key)) {
      delete node[key];
    } else {
      throw new PatchError("no key " + key + " to remove");
    }
  }
  return root;
}
