/**
 * The CRM's object types: HubSpot's standard objects with their type ids, the scope that guards
 * them, the properties a read returns when none are asked for, and the properties `query` searches.
 * Custom objects (type id `2-…`) come from `object_schemas` and are resolved by the schema store.
 */
export interface ObjectType {
  /** Plural API name: `contacts`, `line_items`, or a custom object's fully qualified name. */
  name: string;
  /** What the database files records under: the name, or a custom object's type id (`2-…`). */
  key: string;
  singular: string;
  id: string;
  /** Scope family: `crm.objects.<scope>.read|write` (tickets: the `tickets` scope). */
  scope: string;
  /** Properties returned when a read names none. */
  defaults: string[];
  created: string;
  modified: string;
  /** Properties the `query` of a search looks in. */
  searchable: string[];
  /** HubSpot's name in "Could not get some CONTACT objects …" messages. */
  upper: string;
  custom?: boolean;
  /** Properties a new record must have (custom objects' requiredProperties). */
  required?: string[];
  /** The property that must be unique across records (contacts: email). */
  unique?: string[];
  /** A pipeline-driven object: the pipeline and stage properties. */
  pipeline?: {pipeline: string; stage: string; kind: 'deals' | 'tickets'};
}

const t = (o: Omit<ObjectType, 'created' | 'modified' | 'upper' | 'key'> & Partial<ObjectType>): ObjectType => ({
  key: o.name,
  created: 'createdate',
  modified: 'hs_lastmodifieddate',
  upper: o.singular.toUpperCase(),
  ...o,
});
const engagement = (name: string, singular: string, id: string, extra: string[]): ObjectType =>
  t({name, singular, id, scope: 'contacts', created: 'hs_createdate', defaults: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'], searchable: extra, upper: `ENGAGEMENT`});

export const STANDARD_TYPES: ObjectType[] = [
  t({name: 'contacts', singular: 'contact', id: '0-1', scope: 'contacts', modified: 'lastmodifieddate', defaults: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'], searchable: ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company', 'hs_additional_emails'], unique: ['email']}),
  t({name: 'companies', singular: 'company', id: '0-2', scope: 'companies', defaults: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'], searchable: ['name', 'domain', 'website', 'phone']}),
  t({name: 'deals', singular: 'deal', id: '0-3', scope: 'deals', defaults: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'], searchable: ['dealname', 'description', 'dealtype'], pipeline: {pipeline: 'pipeline', stage: 'dealstage', kind: 'deals'}}),
  t({name: 'tickets', singular: 'ticket', id: '0-5', scope: 'tickets', defaults: ['content', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_category', 'hs_ticket_priority', 'subject'], searchable: ['subject', 'content'], pipeline: {pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage', kind: 'tickets'}}),
  t({name: 'products', singular: 'product', id: '0-7', scope: 'products', defaults: ['createdate', 'description', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price'], searchable: ['name', 'description', 'hs_sku']}),
  t({name: 'line_items', singular: 'line_item', id: '0-8', scope: 'line_items', defaults: ['amount', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_product_id', 'name', 'price', 'quantity'], searchable: ['name'], upper: 'LINE_ITEM'}),
  engagement('notes', 'note', '0-46', ['hs_note_body']),
  engagement('tasks', 'task', '0-27', ['hs_task_subject', 'hs_task_body']),
  engagement('calls', 'call', '0-48', ['hs_call_title', 'hs_call_body']),
  engagement('emails', 'email', '0-49', ['hs_email_subject', 'hs_email_text']),
  engagement('meetings', 'meeting', '0-47', ['hs_meeting_title', 'hs_meeting_body']),
];

/** Standard type by any of its names: `contacts`, `contact`, `0-1` (case-insensitive). */
export function standardType(raw: string): ObjectType | undefined {
  const k = raw.toLowerCase();
  return STANDARD_TYPES.find((x) => x.name === k || x.singular === k || x.id === k || (k === 'line_item' && x.name === 'line_items'));
}

/** HubSpot-defined association type ids: [from, to, typeId, label] (label set = labelled/primary). */
export const DEFAULT_ASSOCIATIONS: Array<[string, string, number, string | null]> = [
  ['contacts', 'companies', 279, null], ['companies', 'contacts', 280, null],
  ['contacts', 'companies', 1, 'Primary'], ['companies', 'contacts', 2, 'Primary'],
  ['deals', 'contacts', 3, null], ['contacts', 'deals', 4, null],
  ['deals', 'companies', 341, null], ['companies', 'deals', 342, null],
  ['deals', 'companies', 5, 'Primary'], ['companies', 'deals', 6, 'Primary'],
  ['tickets', 'contacts', 16, null], ['contacts', 'tickets', 15, null],
  ['tickets', 'companies', 339, null], ['companies', 'tickets', 340, null],
  ['tickets', 'companies', 26, 'Primary'], ['companies', 'tickets', 25, 'Primary'],
  ['deals', 'tickets', 27, null], ['tickets', 'deals', 28, null],
  ['line_items', 'deals', 20, null], ['deals', 'line_items', 19, null],
  ['contacts', 'contacts', 449, null], ['companies', 'companies', 450, null],
  ...engagementAssociations(),
];

function engagementAssociations(): Array<[string, string, number, string | null]> {
  // [engagement, contact→x / x→contact, company, deal, ticket] type ids as HubSpot numbers them.
  const table: Array<[string, [number, number], [number, number], [number, number], [number, number]]> = [
    ['notes', [202, 201], [190, 189], [214, 213], [228, 227]],
    ['tasks', [204, 203], [192, 191], [216, 215], [230, 229]],
    ['calls', [194, 193], [182, 181], [206, 205], [220, 219]],
    ['emails', [198, 197], [186, 185], [210, 209], [224, 223]],
    ['meetings', [200, 199], [188, 187], [212, 211], [226, 225]],
  ];
  const out: Array<[string, string, number, string | null]> = [];
  for (const [e, contact, company, deal, ticket] of table) {
    for (const [other, [from, to]] of [['contacts', contact], ['companies', company], ['deals', deal], ['tickets', ticket]] as const) {
      out.push([e, other, from, null], [other, e, to, null]);
    }
  }
  return out;
}

/** The inverse of a HubSpot-defined pair (same label, reverse direction). */
export function inverseDefault(typeId: number): number | undefined {
  const me = DEFAULT_ASSOCIATIONS.find((a) => a[2] === typeId);
  if (!me) return undefined;
  return DEFAULT_ASSOCIATIONS.find((a) => a[0] === me[1] && a[1] === me[0] && a[3] === me[3] && a[2] !== typeId)?.[2];
}
