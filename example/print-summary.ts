// Prints what a synthesized cloud assembly creates: for each stack, its resources by type and its outputs.
import * as fs from 'fs';
import * as path from 'path';

interface Template {
  Resources?: Record<string, { Type: string }>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

const assemblyDir = process.argv[2] ?? 'cdk.out';
const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8'));

for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
  if (artifact.type !== 'aws:cloudformation:stack') {
    continue;
  }
  const template: Template = JSON.parse(fs.readFileSync(path.join(assemblyDir, artifact.properties.templateFile), 'utf8'));
  const resources = Object.values(template.Resources ?? {});
  const byType = new Map<string, number>();
  for (const resource of resources) {
    byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
  }
  const width = Math.max(...[...byType.keys()].map((type) => type.length));

  console.log(`\nStack ${name} (${artifact.environment}): ${resources.length} resources`);
  for (const [type, count] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${type.padEnd(width)}  ${count}`);
  }
  console.log('Outputs:');
  for (const [outputName, output] of Object.entries(template.Outputs ?? {})) {
    const value = typeof output.Value === 'string' ? output.Value : JSON.stringify(output.Value);
    console.log(`  ${outputName} = ${value}${output.Description ? `  (${output.Description})` : ''}`);
  }
}
