import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../bin/sanctions-notifier';
import { allSourceDefinitions } from '../lib/sources';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const feedsDoc = new URL('../docs/feeds.md', import.meta.url);

describe('README stays true', () => {
  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm test');
  });

  it.each(Object.keys(COMMANDS))('documents the CLI command %s', (command) => {
    expect(readme).toMatch(new RegExp(`\`${command}[ \`]`));
  });

  it.each(allSourceDefinitions().map((d) => d.id))('documents the source %s', (id) => {
    const docs = readme + (existsSync(feedsDoc) ? readFileSync(feedsDoc, 'utf8') : '');
    expect(docs).toContain(`\`${id}\``);
  });
});
