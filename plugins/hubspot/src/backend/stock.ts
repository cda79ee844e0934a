/**
 * The metadata every HubSpot portal starts with: stock property groups and properties per object
 * type, and the default deal and ticket pipelines. `scripts/gen-sql.ts` writes it into
 * `migrations/002_stock_metadata.sql`; at run time the database is the only source.
 */
import {DEFAULT_ASSOCIATIONS, inverseDefault, STANDARD_TYPES} from './types.js';

/** [name, label, type, fieldType, group, options?] */
type Row = [string, string, string, string, string, string[]?];

const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const LEAD_STATUS = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];
const INDUSTRY = ['ACCOUNTING', 'COMPUTER_SOFTWARE', 'FINANCIAL_SERVICES', 'HOSPITAL_HEALTH_CARE', 'INFORMATION_TECHNOLOGY_AND_SERVICES', 'INTERNET', 'MARKETING_AND_ADVERTISING', 'RETAIL', 'TELECOMMUNICATIONS'];

const common = (info: string): Row[] => [
  ['hs_object_id', 'Record ID', 'number', 'number', info],
  ['createdate', 'Create Date', 'datetime', 'date', info],
  ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', info],
  ['hubspot_owner_id', 'Owner', 'enumeration', 'select', info],
  ['hs_createdate', 'Object create date/time', 'datetime', 'date', info],
];

const engagement = (group: string, extra: Row[]): Row[] => [
  ...common(group),
  ['hs_timestamp', 'Activity date', 'datetime', 'date', group],
  ...extra,
];

export const STOCK_GROUPS: Record<string, Array<[string, string]>> = {
  contacts: [['contactinformation', 'Contact information'], ['emailinformation', 'Email information'], ['sales_properties', 'Sales properties']],
  companies: [['companyinformation', 'Company information'], ['social_media_information', 'Social media information']],
  deals: [['dealinformation', 'Deal information'], ['deal_activity', 'Deal activity']],
  tickets: [['ticketinformation', 'Ticket information']],
  products: [['productinformation', 'Product information']],
  line_items: [['lineiteminformation', 'Line item information']],
  notes: [['engagement', 'Engagement']],
  tasks: [['task', 'Task']],
  calls: [['call', 'Call']],
  emails: [['email', 'Email']],
  meetings: [['meeting', 'Meeting']],
};

export const STOCK_PROPERTIES: Record<string, Row[]> = {
  contacts: [
    ...common('contactinformation').filter((r) => r[0] !== 'hs_lastmodifieddate'),
    ['lastmodifieddate', 'Last Modified Date', 'datetime', 'date', 'contactinformation'],
    ['email', 'Email', 'string', 'text', 'contactinformation'],
    ['firstname', 'First Name', 'string', 'text', 'contactinformation'],
    ['lastname', 'Last Name', 'string', 'text', 'contactinformation'],
    ['phone', 'Phone Number', 'string', 'phonenumber', 'contactinformation'],
    ['mobilephone', 'Mobile Phone Number', 'string', 'phonenumber', 'contactinformation'],
    ['company', 'Company Name', 'string', 'text', 'contactinformation'],
    ['jobtitle', 'Job Title', 'string', 'text', 'contactinformation'],
    ['website', 'Website URL', 'string', 'text', 'contactinformation'],
    ['address', 'Street Address', 'string', 'text', 'contactinformation'],
    ['city', 'City', 'string', 'text', 'contactinformation'],
    ['state', 'State/Region', 'string', 'text', 'contactinformation'],
    ['zip', 'Postal Code', 'string', 'text', 'contactinformation'],
    ['country', 'Country/Region', 'string', 'text', 'contactinformation'],
    ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'contactinformation', LIFECYCLE],
    ['hs_lead_status', 'Lead Status', 'enumeration', 'radio', 'sales_properties', LEAD_STATUS],
    ['hs_email_domain', 'Email Domain', 'string', 'text', 'emailinformation'],
    ['hs_additional_emails', 'Additional email addresses', 'enumeration', 'checkbox', 'emailinformation', []],
    ['hs_email_optout', 'Unsubscribed from all email', 'bool', 'booleancheckbox', 'emailinformation', ['true', 'false']],
    ['notes_last_updated', 'Last Activity Date', 'datetime', 'date', 'sales_properties'],
    ['num_associated_deals', 'Number of Associated Deals', 'number', 'number', 'sales_properties'],
    ['associatedcompanyid', 'Primary Associated Company ID', 'number', 'number', 'contactinformation'],
    ['date_of_birth', 'Date of birth', 'date', 'date', 'contactinformation'],
  ],
  companies: [
    ...common('companyinformation'),
    ['name', 'Company name', 'string', 'text', 'companyinformation'],
    ['domain', 'Company Domain Name', 'string', 'text', 'companyinformation'],
    ['website', 'Website URL', 'string', 'text', 'companyinformation'],
    ['phone', 'Phone Number', 'string', 'phonenumber', 'companyinformation'],
    ['industry', 'Industry', 'enumeration', 'select', 'companyinformation', INDUSTRY],
    ['city', 'City', 'string', 'text', 'companyinformation'],
    ['state', 'State/Region', 'string', 'text', 'companyinformation'],
    ['country', 'Country/Region', 'string', 'text', 'companyinformation'],
    ['numberofemployees', 'Number of Employees', 'number', 'number', 'companyinformation'],
    ['annualrevenue', 'Annual Revenue', 'number', 'number', 'companyinformation'],
    ['description', 'Description', 'string', 'textarea', 'companyinformation'],
    ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'companyinformation', LIFECYCLE],
    ['linkedin_company_page', 'LinkedIn Company Page', 'string', 'text', 'social_media_information'],
    ['num_associated_contacts', 'Number of Associated Contacts', 'number', 'number', 'companyinformation'],
    ['num_associated_deals', 'Number of Associated Deals', 'number', 'number', 'companyinformation'],
  ],
  deals: [
    ...common('dealinformation'),
    ['dealname', 'Deal Name', 'string', 'text', 'dealinformation'],
    ['amount', 'Amount', 'number', 'number', 'dealinformation'],
    ['closedate', 'Close Date', 'datetime', 'date', 'dealinformation'],
    ['pipeline', 'Pipeline', 'enumeration', 'select', 'dealinformation'],
    ['dealstage', 'Deal Stage', 'enumeration', 'radio', 'dealinformation'],
    ['dealtype', 'Deal Type', 'enumeration', 'radio', 'dealinformation', ['newbusiness', 'existingbusiness']],
    ['description', 'Deal Description', 'string', 'textarea', 'dealinformation'],
    ['hs_priority', 'Priority', 'enumeration', 'select', 'dealinformation', ['low', 'medium', 'high']],
    ['hs_is_closed', 'Is Deal Closed?', 'bool', 'booleancheckbox', 'dealinformation', ['true', 'false']],
    ['hs_is_closed_won', 'Is closed won', 'bool', 'booleancheckbox', 'dealinformation', ['true', 'false']],
    ['hs_is_closed_lost', 'Is closed lost', 'bool', 'booleancheckbox', 'dealinformation', ['true', 'false']],
    ['hs_deal_stage_probability', 'Deal probability', 'number', 'number', 'dealinformation'],
    ['hs_forecast_amount', 'Forecast amount', 'number', 'number', 'dealinformation'],
    ['num_associated_contacts', 'Number of Contacts', 'number', 'number', 'deal_activity'],
    ['notes_last_updated', 'Last Activity Date', 'datetime', 'date', 'deal_activity'],
  ],
  tickets: [
    ...common('ticketinformation'),
    ['subject', 'Ticket name', 'string', 'text', 'ticketinformation'],
    ['content', 'Ticket description', 'string', 'textarea', 'ticketinformation'],
    ['hs_pipeline', 'Pipeline', 'enumeration', 'select', 'ticketinformation'],
    ['hs_pipeline_stage', 'Ticket status', 'enumeration', 'select', 'ticketinformation'],
    ['hs_ticket_priority', 'Priority', 'enumeration', 'select', 'ticketinformation', ['LOW', 'MEDIUM', 'HIGH', 'URGENT']],
    ['hs_ticket_category', 'Category', 'enumeration', 'checkbox', 'ticketinformation', ['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY']],
    ['source_type', 'Source', 'enumeration', 'select', 'ticketinformation', ['CHAT', 'EMAIL', 'FORM', 'PHONE']],
    ['closed_date', 'Close date', 'datetime', 'date', 'ticketinformation'],
    ['hs_is_closed', 'Is closed', 'bool', 'booleancheckbox', 'ticketinformation', ['true', 'false']],
  ],
  products: [
    ...common('productinformation'),
    ['name', 'Name', 'string', 'text', 'productinformation'],
    ['description', 'Description', 'string', 'textarea', 'productinformation'],
    ['price', 'Unit price', 'number', 'number', 'productinformation'],
    ['hs_sku', 'SKU', 'string', 'text', 'productinformation'],
    ['hs_cost_of_goods_sold', 'Unit cost', 'number', 'number', 'productinformation'],
    ['recurringbillingfrequency', 'Billing frequency', 'enumeration', 'select', 'productinformation', ['weekly', 'biweekly', 'monthly', 'quarterly', 'per_six_months', 'annually']],
  ],
  line_items: [
    ...common('lineiteminformation'),
    ['name', 'Name', 'string', 'text', 'lineiteminformation'],
    ['hs_product_id', 'Product ID', 'number', 'number', 'lineiteminformation'],
    ['quantity', 'Quantity', 'number', 'number', 'lineiteminformation'],
    ['price', 'Unit price', 'number', 'number', 'lineiteminformation'],
    ['amount', 'Net price', 'number', 'number', 'lineiteminformation'],
    ['hs_sku', 'SKU', 'string', 'text', 'lineiteminformation'],
    ['discount', 'Unit discount', 'number', 'number', 'lineiteminformation'],
  ],
  notes: engagement('engagement', [['hs_note_body', 'Note body', 'string', 'html', 'engagement']]),
  tasks: engagement('task', [
    ['hs_task_subject', 'Task Title', 'string', 'text', 'task'],
    ['hs_task_body', 'Notes', 'string', 'html', 'task'],
    ['hs_task_status', 'Task Status', 'enumeration', 'select', 'task', ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']],
    ['hs_task_priority', 'Priority', 'enumeration', 'select', 'task', ['NONE', 'LOW', 'MEDIUM', 'HIGH']],
    ['hs_task_type', 'Task Type', 'enumeration', 'select', 'task', ['CALL', 'EMAIL', 'TODO', 'LINKED_IN']],
  ]),
  calls: engagement('call', [
    ['hs_call_title', 'Call Title', 'string', 'text', 'call'],
    ['hs_call_body', 'Call notes', 'string', 'html', 'call'],
    ['hs_call_duration', 'Call duration', 'number', 'number', 'call'],
    ['hs_call_direction', 'Call direction', 'enumeration', 'select', 'call', ['INBOUND', 'OUTBOUND']],
    ['hs_call_status', 'Call status', 'enumeration', 'select', 'call', ['BUSY', 'CALLING_CRM_USER', 'CANCELED', 'COMPLETED', 'CONNECTING', 'FAILED', 'IN_PROGRESS', 'NO_ANSWER', 'QUEUED', 'RINGING']],
  ]),
  emails: engagement('email', [
    ['hs_email_subject', 'Email subject', 'string', 'text', 'email'],
    ['hs_email_text', 'Email body', 'string', 'textarea', 'email'],
    ['hs_email_direction', 'Email direction', 'enumeration', 'select', 'email', ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']],
    ['hs_email_status', 'Email send status', 'enumeration', 'select', 'email', ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT']],
  ]),
  meetings: engagement('meeting', [
    ['hs_meeting_title', 'Meeting name', 'string', 'text', 'meeting'],
    ['hs_meeting_body', 'Meeting description', 'string', 'html', 'meeting'],
    ['hs_meeting_start_time', 'Start Time', 'datetime', 'date', 'meeting'],
    ['hs_meeting_end_time', 'End Time', 'datetime', 'date', 'meeting'],
    ['hs_meeting_outcome', 'Meeting outcome', 'enumeration', 'select', 'meeting', ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']],
  ]),
};

/** Properties only HubSpot writes. */
export const READ_ONLY = new Set(['hs_object_id', 'createdate', 'hs_createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_email_domain', 'hs_is_closed', 'hs_is_closed_won', 'hs_is_closed_lost', 'hs_deal_stage_probability', 'hs_forecast_amount', 'num_associated_deals', 'num_associated_contacts', 'notes_last_updated']);

export const STOCK_TIME = '2019-08-06T02:41:52.334Z';
/** `closedwon` → `Closedwon`, `IN_PROGRESS` → `In progress`: an option's label from its value. */
const label = (s: string) => s.replaceAll('_', ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase());

/** HubSpot's Property model for a stock row. */
export function stockProperty([name, lbl, ptype, fieldType, group, options]: Row, order: number): Record<string, unknown> {
  return {
    updatedAt: STOCK_TIME,
    createdAt: STOCK_TIME,
    name,
    label: lbl,
    type: ptype,
    fieldType,
    description: '',
    groupName: group,
    options: (options ?? []).map((v, i) => ({label: ptype === 'bool' ? (v === 'true' ? 'Yes' : 'No') : label(v), value: v, displayOrder: i, hidden: false})),
    displayOrder: order,
    calculated: false,
    externalOptions: ['pipeline', 'dealstage', 'hs_pipeline', 'hs_pipeline_stage', 'hubspot_owner_id'].includes(name),
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: true,
    modificationMetadata: {archivable: false, readOnlyDefinition: true, readOnlyValue: READ_ONLY.has(name)},
    formField: !READ_ONLY.has(name),
  };
}

export interface StageSpec {
  id: string;
  label: string;
  metadata: Record<string, string>;
}

export const DEAL_STAGES: StageSpec[] = [
  ['appointmentscheduled', 'Appointment Scheduled', '0.2'],
  ['qualifiedtobuy', 'Qualified To Buy', '0.4'],
  ['presentationscheduled', 'Presentation Scheduled', '0.6'],
  ['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'],
  ['contractsent', 'Contract Sent', '0.9'],
  ['closedwon', 'Closed Won', '1.0'],
  ['closedlost', 'Closed Lost', '0.0'],
].map(([id, lbl, probability]) => ({id: id!, label: lbl!, metadata: {isClosed: String(id!.startsWith('closed')), probability: probability!}}));

export const TICKET_STAGES: StageSpec[] = [
  ['1', 'New', 'OPEN'],
  ['2', 'Waiting on contact', 'OPEN'],
  ['3', 'Waiting on us', 'OPEN'],
  ['4', 'Closed', 'CLOSED'],
].map(([id, lbl, state]) => ({id: id!, label: lbl!, metadata: {ticketState: state!, isClosed: String(state === 'CLOSED')}}));

export function pipelineModel(id: string, lbl: string, stages: StageSpec[], at = STOCK_TIME): Record<string, unknown> {
  return {
    label: lbl,
    displayOrder: 0,
    id,
    stages: stages.map((s, i) => ({label: s.label, displayOrder: i, metadata: s.metadata, id: s.id, createdAt: at, updatedAt: at, archived: false, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT'})),
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
}

const q = (v: unknown) => `'${(typeof v === 'string' ? v : JSON.stringify(v)).replaceAll("'", "''")}'`;

/** The SQL of the stock metadata. */
export function stockSql(): string {
  const lines: string[] = ['-- Generated by scripts/gen-sql.ts from src/backend/stock.ts: what every HubSpot portal starts with.'];
  for (const type of STANDARD_TYPES) {
    for (const [i, [name, lbl]] of (STOCK_GROUPS[type.name] ?? []).entries()) lines.push(`INSERT INTO property_groups (object_type, name, label, display_order) VALUES (${q(type.name)}, ${q(name)}, ${q(lbl)}, ${i});`);
    for (const [i, row] of (STOCK_PROPERTIES[type.name] ?? []).entries()) lines.push(`INSERT INTO properties (object_type, name, data) VALUES (${q(type.name)}, ${q(row[0])}, ${q(stockProperty(row, i))});`);
  }
  lines.push(`INSERT INTO pipelines (object_type, id, data) VALUES ('deals', 'default', ${q(pipelineModel('default', 'Sales Pipeline', DEAL_STAGES))});`);
  lines.push(`INSERT INTO pipelines (object_type, id, data) VALUES ('tickets', '0', ${q(pipelineModel('0', 'Support Pipeline', TICKET_STAGES))});`);
  for (const [from, to, id, lbl] of DEFAULT_ASSOCIATIONS) {
    lines.push(`INSERT INTO association_types (type_id, from_type, to_type, category, label, inverse_id) VALUES (${id}, ${q(from)}, ${q(to)}, 'HUBSPOT_DEFINED', ${lbl ? q(lbl) : 'NULL'}, ${inverseDefault(id) ?? id});`);
  }
  return lines.join('\n') + '\n';
}
