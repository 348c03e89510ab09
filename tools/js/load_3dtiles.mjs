// Load a 3D Tiles tileset with loaders.gl (@loaders.gl/3d-tiles) under Node, as a web client
// does: the tileset's folder is served on 127.0.0.1, tileset.json is loaded by URL, every tile
// is traversed (external tilesets too) and each tile's content is loaded with its glTF.
// Prints one JSON line {tiles, contents, features, errors: [...]}; exit 1 on any error.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from '@loaders.gl/core';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';

const MAX_TILES = 100000;
const tilesetPath = path.resolve(process.argv[2] ?? 'tileset.json');
const folder = path.dirname(tilesetPath);
const errors = [];
let tiles = 0, contents = 0, features = 0;

const server = createServer(async (req, res) => {
  const file = path.resolve(folder, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(folder + path.sep)) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'model/gltf-binary' });
    res.end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise(ok => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;
const options = { '3d-tiles': { loadGLTF: true }, worker: false, core: { worker: false } };

async function tileset(url) {
  const doc = await load(url, Tiles3DLoader, options);
  if (!doc || !doc.root) throw new Error(`${url}: no root tile`);
  const stack = [doc.root];
  while (stack.length && tiles < MAX_TILES) {
    const tile = stack.pop();
    tiles += 1;
    const contentUrl = tile.contentUrl;
    if (contentUrl) {
      try {
        if (contentUrl.split('?')[0].endsWith('.json')) {
          await tileset(contentUrl);
        } else {
          const content = await load(contentUrl, Tiles3DLoader, { ...options, '3d-tiles': { loadGLTF: true, isTileset: false } });
          contents += 1;
          const gltf = content.gltf;
          if (!gltf) throw new Error('no glTF in the content');
          const meta = gltf.extensions?.EXT_structural_metadata ?? gltf.json?.extensions?.EXT_structural_metadata;
          const table = meta?.propertyTables?.[0];
          if (!table) throw new Error('no property table (EXT_structural_metadata)');
          features += table.count ?? 0;
          const prims = (gltf.meshes ?? gltf.json?.meshes ?? []).flatMap(m => m.primitives);
          if (!prims.length) throw new Error('no mesh primitive');
        }
      } catch (e) {
        errors.push(`${contentUrl.replace(base, '')}: ${e?.message ?? e}`);
      }
    }
    for (const child of tile.children ?? []) stack.push(child);
  }
}

try {
  await tileset(base + path.basename(tilesetPath));
} catch (e) {
  errors.push(`${path.basename(tilesetPath)}: ${e?.message ?? e}`);
}
server.close();
console.log(JSON.stringify({ tiles, contents, features, errors }));
process.exit(errors.length || contents === 0 ? 1 : 0);
