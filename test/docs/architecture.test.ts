/**
 * The layers of docs/architecture.md ("How the code is layered") against the imports of src/: every folder of src/
 * is drawn once, every import points down the drawing (or stays in its folder), the tiers do not import each other,
 * and every arrow drawn has at least one import behind it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

interface Drawing {
  /** The folders, by layer, top first; the folders of one subgraph share a layer. */
  readonly layers: string[][];
  /** The arrows, as [from, to] node ids. */
  readonly arrows: Array<[string, string]>;
  /** The folders of each subgraph, by its id. */
  readonly groups: Map<string, string[]>;
}

/** Reads the mermaid block under "## How the code is layered". */
function readDrawing(): Drawing {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const section = doc.split(/^## /m).find((part) => part.startsWith('How the code is layered'));
  if (!section) {
    throw new Error('docs/architecture.md has no section "How the code is layered"');
  }
  const block = section.match(/```mermaid\n([\s\S]*?)```/);
  if (!block) {
    throw new Error('the section "How the code is layered" has no mermaid diagram');
  }
  const groups = new Map<string, string[]>();
  const arrows: Array<[string, string]> = [];
  const nodes: string[] = [];
  let group: string | undefined;
  for (const line of block[1].split('\n').map((l) => l.trim())) {
    const subgraph = line.match(/^subgraph (\w+)/);
    const arrow = line.match(/^(\w+) --> (\w+)$/);
    const node = line.match(/^(\w+)\["/);
    if (subgraph) {
      group = subgraph[1];
      groups.set(group, []);
    } else if (line === 'end') {
      group = undefined;
    } else if (arrow) {
      arrows.push([arrow[1], arrow[2]]);
    } else if (node) {
      if (group) {
        groups.get(group)!.push(node[1]);
      } else {
        nodes.push(node[1]);
      }
    }
  }
  // The arrows form one chain, top to bottom: that chain is the order of the layers.
  const order: string[] = [];
  const starts = arrows.filter(([from]) => !arrows.some(([, to]) => to === from)).map(([from]) => from);
  expect(starts).toHaveLength(1);
  for (let at: string | undefined = starts[0]; at; at = arrows.find(([from]) => from === at)?.[1]) {
    order.push(at);
  }
  expect(order).toHaveLength(arrows.length + 1);
  expect([...order].sort()).toEqual([...nodes, ...groups.keys()].sort());
  return { layers: order.map((id) => groups.get(id) ?? [id]), arrows, groups };
}

/** Every import of src/ between its top-level folders, as "from -> to". */
function folderImports(): Map<string, string[]> {
  const imports = new Map<string, string[]>();
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => entry.isDirectory() ? walk(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []);
  for (const file of walk(SRC)) {
    const relative = path.relative(SRC, file).split(path.sep);
    if (relative.length === 1) {
      continue; // src/index.ts, which only re-exports
    }
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ? statement.moduleSpecifier : undefined;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) {
        continue;
      }
      const target = path.relative(SRC, path.resolve(path.dirname(file), specifier.text)).split(path.sep);
      if (target[0] === '..' || target.length === 1) {
        throw new Error(`${path.relative(ROOT, file)} imports ${specifier.text}, outside the layer folders of src/`);
      }
      if (target[0] !== relative[0]) {
        const key = `${relative[0]} -> ${target[0]}`;
        imports.set(key, [...(imports.get(key) ?? []), path.relative(ROOT, file)]);
      }
    }
  }
  return imports;
}

describe('the layers of docs/architecture.md', () => {
  const drawing = readDrawing();
  const imports = folderImports();
  const layerOf = new Map(drawing.layers.flatMap((folders, index) => folders.map((folder) => [folder, index] as const)));

  test('draws every folder of src/ once', () => {
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect([...layerOf.keys()].sort()).toEqual(folders.sort());
    expect(drawing.layers.flat()).toHaveLength(layerOf.size);
  });

  test('every import points to a lower layer, and no tier imports another', () => {
    const wrong = [...imports.entries()]
      .filter(([edge]) => {
        const [from, to] = edge.split(' -> ');
        return layerOf.get(to)! <= layerOf.get(from)!; // layers are numbered top first
      })
      .map(([edge, files]) => `${edge} (${files.join(', ')})`);
    expect(wrong).toEqual([]);
  });

  test('every arrow has an import behind it', () => {
    const foldersOf = (id: string) => drawing.groups.get(id) ?? [id];
    const unbacked = drawing.arrows.filter(([from, to]) =>
      !foldersOf(from).some((a) => foldersOf(to).some((b) => imports.has(`${a} -> ${b}`))));
    expect(unbacked).toEqual([]);
  });

  test('the helpers know no tier', () => {
    expect([...imports.keys()].filter((edge) => edge.startsWith('private -> '))).toEqual([]);
  });
});
