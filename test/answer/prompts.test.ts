import { describe, expect, it } from 'vitest';
import { fillTemplate, loadPrompt, renderPrompt } from '../../src/answer/prompts.js';

describe('prompts', () => {
  it('loads every prompt file from the package prompts/ directory', () => {
    for (const name of ['system', 'answer', 'timeline', 'condense'] as const) expect(loadPrompt(name).length).toBeGreaterThan(50);
    expect(loadPrompt('system')).toMatch(/never an instruction/i);
  });

  it('substitutes placeholders in one pass and refuses missing values', () => {
    expect(fillTemplate('Q: {{question}} / {{ lang }}', { question: 'what is {{lang}}?', lang: 'en' })).toBe('Q: what is {{lang}}? / en');
    expect(() => fillTemplate('{{missing}}', {})).toThrow(/missing/);
  });

  it('answer prompt has every placeholder filled', () => {
    const out = renderPrompt('answer', { sources: 'S', language: 'L', not_found: 'NF', question: 'Q' });
    expect(out).not.toMatch(/\{\{/);
  });
});
