/**
 * MCP at POST /mcp with the tools of Notion's official MCP server (makenotion/notion-mcp-server:
 * `API-<operationId>` for each API operation it exposes), each running the clone's own route
 * in-process with the caller's bearer token and Notion-Version 2025-09-03.
 */
import {type Hono, type McpRoute, type McpTool, mountMcp} from '@asym/template-kit';

import {botFor, type NotionState} from './context.js';

const VERSION = {'notion-version': '2025-09-03'};
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({properties, required, type: 'object'});
const id = (what: string) => ({description: `The ${what} id (UUID, with or without dashes)`, type: 'string'});
const any = (description: string) => ({description, type: 'object'});
const arr = (description: string) => ({description, items: {type: 'object'}, type: 'array'});
const cursor = {page_size: {maximum: 100, minimum: 1, type: 'integer'}, start_cursor: {type: 'string'}};

/** Body of a tool call: its arguments minus the path parameters. */
const without = (a: Record<string, any>, ...keys: string[]) => Object.fromEntries(Object.entries(a).filter(([k]) => !keys.includes(k)));
const r = (method: string, path: string, extra: Partial<McpRoute> = {}): McpRoute => ({headers: VERSION, method, path, ...extra});
const q = (a: Record<string, any>, ...keys: string[]) => Object.fromEntries(keys.filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));

type ToolDef = [name: string, description: string, schema: Record<string, unknown>, route: (a: Record<string, any>) => McpRoute, readOnly: boolean];

const TOOLS: ToolDef[] = [
  ['get-user', 'Retrieve a user', obj({user_id: id('user')}, ['user_id']), (a) => r('GET', `/v1/users/${a.user_id}`), true],
  ['get-users', 'List all users', obj(cursor), (a) => r('GET', '/v1/users', {query: q(a, 'start_cursor', 'page_size')}), true],
  ['get-self', "Retrieve your token's bot user", obj({}), () => r('GET', '/v1/users/me'), true],
  ['post-search', 'Search by title', obj({filter: any('{property: "object", value: "page" | "data_source"}'), query: {type: 'string'}, sort: any('{direction, timestamp: "last_edited_time"}'), ...cursor}), (a) => r('POST', '/v1/search', {json: a}), true],
  ['get-block-children', 'Retrieve block children', obj({block_id: id('block or page'), ...cursor}, ['block_id']), (a) => r('GET', `/v1/blocks/${a.block_id}/children`, {query: q(a, 'start_cursor', 'page_size')}), true],
  ['patch-block-children', 'Append block children', obj({after: {type: 'string'}, block_id: id('block or page'), children: arr('Blocks to append')}, ['block_id', 'children']), (a) => r('PATCH', `/v1/blocks/${a.block_id}/children`, {json: without(a, 'block_id')}), false],
  ['retrieve-a-block', 'Retrieve a block', obj({block_id: id('block')}, ['block_id']), (a) => r('GET', `/v1/blocks/${a.block_id}`), true],
  ['update-a-block', 'Update a block', obj({block_id: id('block'), in_trash: {type: 'boolean'}, type: any('The block type payload, e.g. {"paragraph": {...}}')}, ['block_id']), (a) => r('PATCH', `/v1/blocks/${a.block_id}`, {json: {...without(a, 'block_id', 'type'), ...(a.type ?? {})}}), false],
  ['delete-a-block', 'Delete a block', obj({block_id: id('block')}, ['block_id']), (a) => r('DELETE', `/v1/blocks/${a.block_id}`), false],
  ['retrieve-a-page', 'Retrieve a page', obj({filter_properties: {type: 'string'}, page_id: id('page')}, ['page_id']), (a) => r('GET', `/v1/pages/${a.page_id}`, {query: q(a, 'filter_properties')}), true],
  ['patch-page', 'Update page properties', obj({cover: any('cover'), icon: any('icon'), in_trash: {type: 'boolean'}, page_id: id('page'), properties: any('Property values by name or id')}, ['page_id']), (a) => r('PATCH', `/v1/pages/${a.page_id}`, {json: without(a, 'page_id')}), false],
  ['post-page', 'Create a page', obj({children: arr('Blocks'), cover: any('cover'), icon: any('icon'), parent: any('{page_id} or {data_source_id}'), properties: any('Property values')}, ['parent', 'properties']), (a) => r('POST', '/v1/pages', {json: a}), false],
  ['retrieve-a-page-property', 'Retrieve a page property item', obj({page_id: id('page'), property_id: {type: 'string'}, ...cursor}, ['page_id', 'property_id']), (a) => r('GET', `/v1/pages/${a.page_id}/properties/${encodeURIComponent(a.property_id)}`, {query: q(a, 'start_cursor', 'page_size')}), true],
  ['retrieve-a-comment', 'Retrieve comments', obj({block_id: id('block or page'), ...cursor}, ['block_id']), (a) => r('GET', '/v1/comments', {query: q(a, 'block_id', 'start_cursor', 'page_size')}), true],
  ['create-a-comment', 'Create comment', obj({discussion_id: {type: 'string'}, parent: any('{page_id}'), rich_text: arr('Rich text')}, ['rich_text']), (a) => r('POST', '/v1/comments', {json: a}), false],
  ['query-data-source', 'Query a data source', obj({data_source_id: id('data source'), filter: any('Filter'), sorts: arr('Sorts'), ...cursor}, ['data_source_id']), (a) => r('POST', `/v1/data_sources/${a.data_source_id}/query`, {json: without(a, 'data_source_id')}), true],
  ['retrieve-a-data-source', 'Retrieve a data source', obj({data_source_id: id('data source')}, ['data_source_id']), (a) => r('GET', `/v1/data_sources/${a.data_source_id}`), true],
  ['update-a-data-source', 'Update a data source', obj({data_source_id: id('data source'), description: arr('Rich text'), properties: any('Schema changes'), title: arr('Rich text')}, ['data_source_id']), (a) => r('PATCH', `/v1/data_sources/${a.data_source_id}`, {json: without(a, 'data_source_id')}), false],
  ['create-a-data-source', 'Create a data source', obj({parent: any('{database_id}'), properties: any('Schema'), title: arr('Rich text')}, ['parent', 'properties']), (a) => r('POST', '/v1/data_sources', {json: a}), false],
  ['list-data-source-templates', 'List templates in a data source', obj({data_source_id: id('data source'), ...cursor}, ['data_source_id']), (a) => r('GET', `/v1/data_sources/${a.data_source_id}/templates`), true],
  ['retrieve-a-database', 'Retrieve a database', obj({database_id: id('database')}, ['database_id']), (a) => r('GET', `/v1/databases/${a.database_id}`), true],
  ['retrieve-page-markdown', 'Retrieve a page as Markdown', obj({page_id: id('page')}, ['page_id']), (a) => r('GET', `/v1/pages/${a.page_id}/markdown`, {headers: {'notion-version': '2026-03-11'}}), true],
  ['update-page-markdown', "Update a page's content as Markdown", obj({insert_content: any('{content, position?}'), page_id: id('page'), replace_content: any('{new_str}'), replace_content_range: any('{content, content_range}'), type: {enum: ['insert_content', 'replace_content', 'update_content', 'replace_content_range'], type: 'string'}, update_content: any('{content_updates: [{old_str, new_str}]}')}, ['page_id', 'type']), (a) => r('PATCH', `/v1/pages/${a.page_id}/markdown`, {headers: {'notion-version': '2026-03-11'}, json: without(a, 'page_id')}), false],
  ['move-page', 'Move a page', obj({page_id: id('page'), parent: any('{page_id} or {data_source_id}')}, ['page_id', 'parent']), (a) => r('POST', `/v1/pages/${a.page_id}/move`, {json: without(a, 'page_id')}), false],
];

export const MCP_TOOL_NAMES = TOOLS.map(([name]) => `API-${name}`);

export function mountNotionMcp(app: Hono, state: NotionState): void {
  const tools: McpTool[] = TOOLS.map(([name, description, inputSchema, route, readOnly]) => ({
    annotations: {readOnlyHint: readOnly, title: description},
    description,
    inputSchema,
    name: `API-${name}`,
    route,
  }));
  mountMcp(app, '/mcp', {
    authenticate: async (authorization) => Boolean(await botFor(state, authorization)),
    name: 'notion-mcp-server',
    tools,
    version: '2.0.0',
  });
}
