/**
 * MCP at `POST /mcp` with the tool names of HubSpot's official MCP server (`@hubspot/mcp-server`),
 * each backed by the clone's own CRM routes with the caller's token, so scopes, rate limits and
 * validation are the API's.
 */
import {type Hono, McpToolError, type McpTool, mountMcp} from '@asym/template-kit';

import type {Auth} from './auth.js';
import {HubSpotError} from './errors.js';

const str = (description: string) => ({type: 'string', description});
const obj = (description: string, extra: Record<string, unknown> = {}) => ({type: 'object', description, ...extra});
const OBJECT_TYPE = str('The CRM object type: contacts, companies, deals, tickets, products, line_items, notes, tasks, calls, emails, meetings, or a custom object');
const RO = {readOnlyHint: true};

const ENGAGEMENT_TYPES: Record<string, string> = {NOTE: 'notes', TASK: 'tasks'};

function engagementProps(type: string, metadata: Record<string, any>, ownerId?: unknown, timestamp?: unknown): Record<string, unknown> {
  const at = timestamp ?? Date.now();
  if (type === 'NOTE') return {hs_note_body: metadata.body ?? '', hs_timestamp: at, ...(ownerId ? {hubspot_owner_id: String(ownerId)} : {})};
  return {
    hs_task_subject: metadata.subject ?? '',
    hs_task_body: metadata.body ?? '',
    hs_task_status: metadata.status ?? 'NOT_STARTED',
    hs_task_priority: metadata.priority ?? 'NONE',
    hs_task_type: metadata.taskType ?? 'TODO',
    hs_timestamp: at,
    ...(ownerId ? {hubspot_owner_id: String(ownerId)} : {}),
  };
}

const ASSOC_KEYS: Array<[string, string]> = [['contactIds', 'contacts'], ['companyIds', 'companies'], ['dealIds', 'deals'], ['ticketIds', 'tickets']];

export function mcpTools(auth: Auth): McpTool[] {
  return [
    {
      name: 'hubspot-get-user-details',
      description: 'Get the authenticated token\'s portal (hub) id, app id, token type and granted scopes. Call first to learn which portal and scopes you have.',
      inputSchema: {type: 'object', properties: {}},
      annotations: RO,
      async run(_a, ctx) {
        const caller = await auth.caller(ctx.authorization).catch((error) => {
          throw new McpToolError(error instanceof HubSpotError ? error.message : String(error));
        });
        return {hubId: Number(caller.portalId), appId: Number(caller.appId), tokenType: caller.kind === 'private_app' ? 'PRIVATE_APP' : 'OAUTH', scopes: [...caller.scopes].sort(), uiDomain: 'app.hubspot.com'};
      },
    },
    {
      name: 'hubspot-list-objects',
      description: 'List CRM records of one object type, a page at a time (limit up to 100, after from paging.next.after).',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, limit: {type: 'number', description: 'Page size (1-100, default 10)'}, after: str('Cursor from paging.next.after'), properties: {type: 'array', items: {type: 'string'}, description: 'Properties to return'}, associations: {type: 'array', items: {type: 'string'}, description: 'Object types whose associated ids to include'}, archived: {type: 'boolean'}}, required: ['objectType']},
      annotations: RO,
      route: (a) => ({method: 'GET', path: `/crm/v3/objects/${encodeURIComponent(a.objectType)}`, query: {limit: a.limit ?? 10, after: a.after, properties: a.properties?.join(','), associations: a.associations?.join(','), archived: a.archived}}),
    },
    {
      name: 'hubspot-search-objects',
      description: 'Search CRM records with filterGroups (OR of ANDs; operators EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN), a free-text query, sorts and paging.',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, query: str('Free text matched against the type\'s searchable properties'), filterGroups: {type: 'array', items: {type: 'object'}, description: '[{filters: [{propertyName, operator, value?, values?, highValue?}]}]'}, sorts: {type: 'array', items: {type: 'object'}, description: '[{propertyName, direction: ASCENDING|DESCENDING}]'}, properties: {type: 'array', items: {type: 'string'}}, limit: {type: 'number', description: '1-200 (default 10)'}, after: str('Offset from paging.next.after')}, required: ['objectType']},
      annotations: RO,
      route: ({objectType, ...rest}) => ({method: 'POST', path: `/crm/v3/objects/${encodeURIComponent(objectType)}/search`, json: rest}),
    },
    {
      name: 'hubspot-batch-create-associations',
      description: 'Associate records of two object types in one call, with association type ids from hubspot-get-association-definitions.',
      inputSchema: {type: 'object', properties: {fromObjectType: OBJECT_TYPE, toObjectType: OBJECT_TYPE, inputs: {type: 'array', items: {type: 'object'}, description: '[{from: {id}, to: {id}, types: [{associationCategory: HUBSPOT_DEFINED|USER_DEFINED, associationTypeId}]}]'}}, required: ['fromObjectType', 'toObjectType', 'inputs']},
      route: (a) => ({method: 'POST', path: `/crm/v4/associations/${encodeURIComponent(a.fromObjectType)}/${encodeURIComponent(a.toObjectType)}/batch/create`, json: {inputs: a.inputs}}),
    },
    {
      name: 'hubspot-get-association-definitions',
      description: 'The association types (ids, categories, labels) between two object types.',
      inputSchema: {type: 'object', properties: {fromObjectType: OBJECT_TYPE, toObjectType: OBJECT_TYPE}, required: ['fromObjectType', 'toObjectType']},
      annotations: RO,
      route: (a) => ({method: 'GET', path: `/crm/v4/associations/${encodeURIComponent(a.fromObjectType)}/${encodeURIComponent(a.toObjectType)}/labels`}),
    },
    {
      name: 'hubspot-list-associations',
      description: 'The records of one object type associated with a record, with their association types.',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, objectId: str('The record id'), toObjectType: OBJECT_TYPE, after: str('Cursor from paging.next.after')}, required: ['objectType', 'objectId', 'toObjectType']},
      annotations: RO,
      route: (a) => ({method: 'GET', path: `/crm/v4/objects/${encodeURIComponent(a.objectType)}/${encodeURIComponent(a.objectId)}/associations/${encodeURIComponent(a.toObjectType)}`, query: {after: a.after}}),
    },
    {
      name: 'hubspot-batch-create-objects',
      description: 'Create up to 100 records of one object type: inputs [{properties: {…}, associations?: [{to: {id}, types: [...]}]}].',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, inputs: {type: 'array', items: {type: 'object'}}}, required: ['objectType', 'inputs']},
      route: (a) => ({method: 'POST', path: `/crm/v3/objects/${encodeURIComponent(a.objectType)}/batch/create`, json: {inputs: a.inputs}}),
    },
    {
      name: 'hubspot-batch-update-objects',
      description: 'Update up to 100 records of one object type: inputs [{id, properties: {…}}].',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, inputs: {type: 'array', items: {type: 'object'}}}, required: ['objectType', 'inputs']},
      route: (a) => ({method: 'POST', path: `/crm/v3/objects/${encodeURIComponent(a.objectType)}/batch/update`, json: {inputs: a.inputs}}),
    },
    {
      name: 'hubspot-batch-read-objects',
      description: 'Read up to 100 records of one object type by id: inputs [{id}], with the properties to return.',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, inputs: {type: 'array', items: {type: 'object'}}, properties: {type: 'array', items: {type: 'string'}}, propertiesWithHistory: {type: 'array', items: {type: 'string'}}}, required: ['objectType', 'inputs']},
      annotations: RO,
      route: ({objectType, ...rest}) => ({method: 'POST', path: `/crm/v3/objects/${encodeURIComponent(objectType)}/batch/read`, json: rest}),
    },
    {
      name: 'hubspot-get-schemas',
      description: 'The custom object schemas of the portal (object type ids, names, properties, associations).',
      inputSchema: {type: 'object', properties: {}},
      annotations: RO,
      route: () => ({method: 'GET', path: '/crm/v3/schemas'}),
    },
    {
      name: 'hubspot-list-properties',
      description: 'The property definitions of an object type (name, label, type, fieldType, options).',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, archived: {type: 'boolean'}}, required: ['objectType']},
      annotations: RO,
      route: (a) => ({method: 'GET', path: `/crm/v3/properties/${encodeURIComponent(a.objectType)}`, query: {archived: a.archived}}),
    },
    {
      name: 'hubspot-get-property',
      description: 'One property definition of an object type.',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, propertyName: str('The property name')}, required: ['objectType', 'propertyName']},
      annotations: RO,
      route: (a) => ({method: 'GET', path: `/crm/v3/properties/${encodeURIComponent(a.objectType)}/${encodeURIComponent(a.propertyName)}`}),
    },
    {
      name: 'hubspot-create-property',
      description: 'Create a custom property: name, label, type (string, number, date, datetime, enumeration, bool), fieldType, groupName, options for enumerations.',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, name: str('Internal name (lower case)'), label: str('Label'), type: str('Property type'), fieldType: str('Field type'), groupName: str('Property group, e.g. contactinformation'), description: str('Description'), options: {type: 'array', items: {type: 'object'}}}, required: ['objectType', 'name', 'label', 'type', 'fieldType', 'groupName']},
      route: ({objectType, ...rest}) => ({method: 'POST', path: `/crm/v3/properties/${encodeURIComponent(objectType)}`, json: rest}),
    },
    {
      name: 'hubspot-update-property',
      description: 'Update a property definition (label, description, group, options …).',
      inputSchema: {type: 'object', properties: {objectType: OBJECT_TYPE, propertyName: str('The property name'), updates: obj('The fields to change')}, required: ['objectType', 'propertyName', 'updates']},
      route: (a) => ({method: 'PATCH', path: `/crm/v3/properties/${encodeURIComponent(a.objectType)}/${encodeURIComponent(a.propertyName)}`, json: a.updates}),
    },
    {
      name: 'hubspot-create-engagement',
      description: 'Create a NOTE or TASK, associated with contacts, companies, deals or tickets.',
      inputSchema: {type: 'object', properties: {type: {type: 'string', enum: ['NOTE', 'TASK']}, ownerId: {type: 'number'}, timestamp: {type: 'number', description: 'Epoch milliseconds'}, associations: obj('{contactIds?, companyIds?, dealIds?, ticketIds?}'), metadata: obj('NOTE: {body}; TASK: {subject, body, status, priority, taskType}')}, required: ['type', 'associations', 'metadata']},
      async run(a, ctx) {
        const objectType = ENGAGEMENT_TYPES[String(a.type)];
        if (!objectType) throw new McpToolError('type must be NOTE or TASK');
        const props = engagementProps(String(a.type), a.metadata ?? {}, a.ownerId, a.timestamp);
        const created = await ctx.call({method: 'POST', path: `/crm/v3/objects/${objectType}`, json: {properties: props}});
        if (created.status >= 400) throw new McpToolError(JSON.stringify(created.body));
        const id = (created.body as {id: string}).id;
        for (const [key, to] of ASSOC_KEYS) {
          for (const toId of (a.associations?.[key] ?? []) as unknown[]) {
            const r = await ctx.call({method: 'PUT', path: `/crm/v4/objects/${objectType}/${id}/associations/default/${to}/${String(toId)}`});
            if (r.status >= 400) throw new McpToolError(`created ${objectType} ${id}, but associating ${to} ${String(toId)} failed: ${JSON.stringify(r.body)}`);
          }
        }
        return created.body;
      },
    },
    {
      name: 'hubspot-get-engagement',
      description: 'Read a NOTE or TASK by id.',
      inputSchema: {type: 'object', properties: {engagementId: str('The engagement id')}, required: ['engagementId']},
      annotations: RO,
      async run(a, ctx) {
        for (const t of ['notes', 'tasks', 'calls', 'emails', 'meetings']) {
          const r = await ctx.call({method: 'GET', path: `/crm/v3/objects/${t}/${encodeURIComponent(a.engagementId)}`, query: {associations: 'contacts,companies,deals,tickets'}});
          if (r.status === 200) return {type: t, ...(r.body as object)};
        }
        throw new McpToolError(`No engagement ${a.engagementId}`);
      },
    },
    {
      name: 'hubspot-update-engagement',
      description: 'Update a NOTE or TASK: metadata as for hubspot-create-engagement.',
      inputSchema: {type: 'object', properties: {engagementId: str('The engagement id'), ownerId: {type: 'number'}, timestamp: {type: 'number'}, metadata: obj('NOTE: {body}; TASK: {subject, body, status, priority, taskType}')}, required: ['engagementId', 'metadata']},
      async run(a, ctx) {
        for (const [type, objectType] of Object.entries(ENGAGEMENT_TYPES)) {
          const found = await ctx.call({method: 'GET', path: `/crm/v3/objects/${objectType}/${encodeURIComponent(a.engagementId)}`});
          if (found.status !== 200) continue;
          const props = Object.fromEntries(Object.entries(engagementProps(type, a.metadata ?? {}, a.ownerId, a.timestamp)).filter(([k, v]) => v !== '' && (k !== 'hs_timestamp' || a.timestamp !== undefined) && (type !== 'TASK' || k.replace('hs_task_', '') in (a.metadata ?? {}) || k === 'hubspot_owner_id')));
          const r = await ctx.call({method: 'PATCH', path: `/crm/v3/objects/${objectType}/${encodeURIComponent(a.engagementId)}`, json: {properties: props}});
          if (r.status >= 400) throw new McpToolError(JSON.stringify(r.body));
          return r.body;
        }
        throw new McpToolError(`No note or task ${a.engagementId}`);
      },
    },
    {
      name: 'hubspot-generate-feedback-link',
      description: 'A link where users can give feedback on this MCP server.',
      inputSchema: {type: 'object', properties: {}},
      annotations: RO,
      run: () => ({feedbackUrl: 'https://developers.hubspot.com/mcp', note: 'asymmetric clone: feedback goes to the asymmetric project'}),
    },
    {
      name: 'hubspot-get-link',
      description: 'HubSpot UI links for object lists or records: pageRequests [{objectTypeId, objectId?}].',
      inputSchema: {type: 'object', properties: {portalId: str('The portal (hub) id'), uiDomain: str('app.hubspot.com'), pageRequests: {type: 'array', items: {type: 'object'}}}, required: ['portalId', 'uiDomain', 'pageRequests']},
      annotations: RO,
      run: (a) => ({
        links: ((a.pageRequests ?? []) as Array<{objectTypeId: string; objectId?: string}>).map((p) => ({
          ...p,
          url: p.objectId ? `https://${a.uiDomain}/contacts/${a.portalId}/record/${p.objectTypeId}/${p.objectId}` : `https://${a.uiDomain}/contacts/${a.portalId}/objects/${p.objectTypeId}`,
        })),
      }),
    },
    {
      name: 'hubspot-list-workflows',
      description: 'The portal\'s automation workflows (the clone has none).',
      inputSchema: {type: 'object', properties: {limit: {type: 'number'}, after: str('Cursor')}},
      annotations: RO,
      run: () => ({results: []}),
    },
    {
      name: 'hubspot-get-workflow',
      description: 'One automation workflow by id (the clone has none).',
      inputSchema: {type: 'object', properties: {flowId: str('The workflow id')}, required: ['flowId']},
      annotations: RO,
      run: (a) => {
        throw new McpToolError(`No workflow ${a.flowId}: the clone models no automation workflows`);
      },
    },
  ];
}

export function mountHubSpotMcp(app: Hono, auth: Auth): void {
  mountMcp(app, '/mcp', {
    async authenticate(authorization) {
      try {
        await auth.caller(authorization);
        return true;
      } catch (error) {
        if (error instanceof HubSpotError) return false;
        throw error;
      }
    },
    instructions: 'HubSpot CRM tools backed by the asymmetric HubSpot clone. Record ids are numeric strings; object types are contacts, companies, deals, tickets, products, line_items, notes, tasks, calls, emails, meetings or custom objects.',
    name: 'asymmetric-hubspot',
    tools: mcpTools(auth),
    version: '0.1.0',
  });
}
