import {TemplateManifest} from '@asym/contract';
import {expect} from 'chai';

import {checkFilter, compare, matches, type Candidate} from '../src/backend/filter.js';
import {evaluate, formulaResult} from '../src/backend/formula.js';
import {normalizeId} from '../src/backend/ids.js';
import {markdownBlocks} from '../src/backend/markdown.js';
import {rollupResult} from '../src/backend/render.js';
import {richText, textItem} from '../src/backend/richtext.js';
import {readVersion} from '../src/backend/version.js';
import hook from '../src/hooks/templates.js';

const page = (props: Record<string, unknown>): Candidate => ({
  created_time: new Date('2026-01-01T00:00:00Z'),
  last_edited_time: new Date('2026-01-02T00:00:00Z'),
  properties: Object.fromEntries(Object.entries(props).map(([name, [type, value]]: any) => [name, {id: name, type, [type]: value}])),
});

describe('notion template: units', () => {
  it('answers the templates hook with a manifest the contract accepts', async () => {
    const d = await hook();
    const parsed = TemplateManifest.safeParse(d.manifest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
    expect(d.manifest).to.deep.include({apiPath: '', name: 'notion', realProduct: 'notion'});
  });

  it('ids with or without dashes; versions: missing, both models, unknown', () => {
    expect(normalizeId('393abc1eedcd80f3813be205934558c6')).to.equal('393abc1e-edcd-80f3-813b-e205934558c6');
    expect(normalizeId('not-an-id')).to.equal(undefined);
    expect(() => readVersion(undefined)).to.throw(/should be defined/);
    expect(readVersion('2022-06-28').model).to.equal('databases');
    expect(readVersion('2025-09-03').model).to.equal('data_sources');
    expect(readVersion('2026-03-11').noArchived).to.equal(true);
    expect(() => readVersion('2099-01-01')).to.throw(/Notion-Version/);
  });

  it('rich text: completed, limits named by path', async () => {
    const [t] = await richText([{text: {content: 'hi', link: {url: 'https://x.test'}}, annotations: {bold: true}}], 'body.rich_text');
    expect(t).to.deep.include({href: 'https://x.test', plain_text: 'hi', type: 'text'});
    expect(t!.annotations).to.deep.equal({bold: true, code: false, color: 'default', italic: false, strikethrough: false, underline: false});
    let err: Error | undefined;
    await richText([{text: {content: 'x'.repeat(2001)}}], 'body.x').catch((e) => (err = e));
    expect(err?.message).to.contain('body.x[0].text.content.length should be ≤ `2000`, instead was `2001`');
  });

  it('formulas: arithmetic, strings, conditions, dates', () => {
    const props: Record<string, any> = {Done: true, Name: 'Ship', Price: 10};
    const f = (e: string) => evaluate(e, (n) => props[n] ?? null);
    expect(f('prop("Price") * 2 + 1')).to.equal(21);
    expect(f('prop("Name") + "!"')).to.equal('Ship!');
    expect(f('if(prop("Done"), "yes", "no")')).to.equal('yes');
    expect(f('prop("Price") > 5 and not prop("Done")')).to.equal(false);
    expect(f('prop("Name").length()')).to.equal(4);
    expect(formulaResult(f('dateAdd(now(), 1, "days")'))).to.have.property('type', 'date');
  });

  it('filters: compound nesting limited to two levels; per-type conditions; sorts with empty values last', () => {
    const a = page({Name: ['title', [textItem('Alpha')]], Price: ['number', 5], Tags: ['multi_select', [{name: 'x'}]]});
    const b = page({Name: ['title', [textItem('Beta')]], Price: ['number', null], Tags: ['multi_select', []]});
    const f = {and: [{property: 'Price', number: {greater_than: 1}}, {or: [{property: 'Tags', multi_select: {contains: 'x'}}, {property: 'Name', title: {starts_with: 'z'}}]}]};
    checkFilter(f, 'body.filter');
    expect(matches(a, f)).to.equal(true);
    expect(matches(b, f)).to.equal(false);
    expect(() => checkFilter({and: [{or: [{and: []}]}]}, 'body.filter')).to.throw(/two levels/);
    expect(() => matches(a, {property: 'Price', checkbox: {equals: true}})).to.throw(/does not match/);
    expect(compare(a, b, [{direction: 'descending', property: 'Price'}])).to.be.lessThan(0);
    expect(compare(b, a, [{direction: 'ascending', property: 'Price'}])).to.be.greaterThan(0);
  });

  it('rollups and Markdown', () => {
    expect(rollupResult('sum', [{number: 2, type: 'number'}, {number: 3, type: 'number'}])).to.deep.include({number: 5});
    expect(rollupResult('percent_checked', [{checkbox: true, type: 'checkbox'}, {checkbox: false, type: 'checkbox'}])).to.deep.include({number: 0.5});
    expect(markdownBlocks('# Title\n\n- [x] done\n1. first\nSome **bold** text').map((b) => b.type)).to.deep.equal(['heading_1', 'to_do', 'numbered_list_item', 'paragraph']);
  });
});
