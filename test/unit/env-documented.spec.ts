import { getMetadataStorage } from 'class-validator';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentVariables } from '../../src/config/env.validation';

const root = process.cwd();

/** Every variable the boot-time validation accepts (the properties it has rules for). */
const accepted = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((rule) => rule.propertyName),
  ),
].sort();

/** The variables named in the first column of the README's configuration table. */
function documented(): Set<string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n## '));
  const names = table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]));
  return new Set(names);
}

/** The TypeScript sources of src/, less the validation itself. */
function sources(dir = join(root, 'src')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('env.validation.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('environment variables', () => {
  it('knows the variables the validation accepts', () => {
    expect(accepted).toEqual(expect.arrayContaining(['NODE_ENV', 'PORT', 'JWT_SECRET', 'DATABASE_URL']));
  });

  it('documents every variable the validation accepts in the README configuration table', () => {
    const table = documented();
    expect(accepted.filter((name) => !table.has(name))).toEqual([]);
  });

  it('reads every variable the validation accepts somewhere in src/', () => {
    const code = sources().join('\n');
    const read = (name: string) =>
      new RegExp(`process\\.env\\.${name}\\b|process\\.env\\[['"]${name}['"]\\]|['"\`]${name}['"\`]`).test(
        code,
      );
    expect(accepted.filter((name) => !read(name))).toEqual([]);
  });

  it('documents no variable the validation does not accept', () => {
    expect([...documented()].filter((name) => !accepted.includes(name))).toEqual([]);
  });
});
