/**
 * What the clone stores and how the stored documents relate: the GraphQL types kept as rows, and
 * for each connection (or list) field of those types, where its rows come from.
 */

/** GraphQL types stored as rows of `records`. */
export const STORED = new Set([
  'Organization', 'User', 'Team', 'TeamMembership', 'WorkflowState', 'Issue', 'IssueLabel', 'Comment', 'Project',
  'ProjectStatus', 'ProjectMilestone', 'ProjectUpdate', 'Cycle', 'Attachment', 'IssueRelation', 'IssueHistory', 'Webhook',
  'Initiative', 'InitiativeUpdate', 'InitiativeToProject', 'InitiativeLabel', 'CustomView', 'Document', 'ProjectLabel', 'Favorite',
  'Template', 'Roadmap', 'ProjectRelation', 'RoadmapToProject', 'InitiativeRelation', 'EntityExternalLink', 'ExternalUser', 'TimeSchedule',
  'TriageResponsibility', 'Customer', 'CustomerNeed', 'CustomerStatus', 'CustomerTier', 'Release', 'ReleasePipeline', 'ReleaseStage',
  'ReleaseNote', 'IssueToRelease',
]);

/** Types that are other views of a stored type (same row, same field resolution). */
export const VIEW_OF: Record<string, string> = {DocumentSearchResult: 'Document', IssueSearchResult: 'Issue', ProjectSearchResult: 'Project'};

/**
 * Where a to-many field's rows come from:
 * `fk`: the child's field holding the parent's id; `ids`: the parent's field listing child ids;
 * `contains`: the child's list field containing the parent's id; `via`: a join type
 * (`from` = its field holding the parent id, `to` = its field holding the child id); `all`: every row.
 */
export interface Relation {
  type: string;
  fk?: string;
  ids?: string;
  contains?: string;
  via?: {type: string; from: string; to: string};
  all?: boolean;
}

const member = {from: 'teamId', to: 'userId', type: 'TeamMembership'};
const initiativeProjects = {from: 'initiativeId', to: 'projectId', type: 'InitiativeToProject'};
const releaseIssues = {from: 'releaseId', to: 'issueId', type: 'IssueToRelease'};
const issueReleases = {from: 'issueId', to: 'releaseId', type: 'IssueToRelease'};
const projectInitiatives = {from: 'projectId', to: 'initiativeId', type: 'InitiativeToProject'};

export const RELATIONS: Record<string, Record<string, Relation>> = {
  Comment: {children: {fk: 'parentId', type: 'Comment'}, createdIssues: {fk: 'sourceCommentId', type: 'Issue'}},
  Customer: {needs: {fk: 'customerId', type: 'CustomerNeed'}},
  Cycle: {documents: {fk: 'cycleId', type: 'Document'}, issues: {fk: 'cycleId', type: 'Issue'}, links: {fk: 'cycleId', type: 'EntityExternalLink'}},
  Favorite: {children: {fk: 'parentId', type: 'Favorite'}},
  Initiative: {
    documents: {fk: 'initiativeId', type: 'Document'},
    initiativeUpdates: {fk: 'initiativeId', type: 'InitiativeUpdate'},
    labels: {ids: 'labelIds', type: 'InitiativeLabel'},
    links: {fk: 'initiativeId', type: 'EntityExternalLink'},
    projects: {type: 'Project', via: initiativeProjects},
    subInitiatives: {fk: 'parentInitiativeId', type: 'Initiative'},
  },
  InitiativeLabel: {children: {fk: 'parentId', type: 'InitiativeLabel'}, initiatives: {contains: 'labelIds', type: 'Initiative'}},
  InitiativeUpdate: {comments: {fk: 'initiativeUpdateId', type: 'Comment'}},
  Issue: {
    attachments: {fk: 'issueId', type: 'Attachment'},
    children: {fk: 'parentId', type: 'Issue'},
    comments: {fk: 'issueId', type: 'Comment'},
    documents: {fk: 'issueId', type: 'Document'},
    history: {fk: 'issueId', type: 'IssueHistory'},
    inverseRelations: {fk: 'relatedIssueId', type: 'IssueRelation'},
    labels: {ids: 'labelIds', type: 'IssueLabel'},
    needs: {fk: 'issueId', type: 'CustomerNeed'},
    relations: {fk: 'issueId', type: 'IssueRelation'},
    releases: {type: 'Release', via: issueReleases},
    subscribers: {ids: 'subscriberIds', type: 'User'},
  },
  IssueHistory: {addedLabels: {ids: 'addedLabelIds', type: 'IssueLabel'}, removedLabels: {ids: 'removedLabelIds', type: 'IssueLabel'}},
  IssueLabel: {children: {fk: 'parentId', type: 'IssueLabel'}, issues: {contains: 'labelIds', type: 'Issue'}},
  Organization: {
    labels: {all: true, type: 'IssueLabel'},
    projectLabels: {all: true, type: 'ProjectLabel'},
    projectStatuses: {all: true, type: 'ProjectStatus'},
    teams: {all: true, type: 'Team'},
    templates: {all: true, type: 'Template'},
    users: {all: true, type: 'User'},
  },
  Project: {
    accessibleTeams: {ids: 'teamIds', type: 'Team'},
    comments: {fk: 'projectId', type: 'Comment'},
    documents: {fk: 'projectId', type: 'Document'},
    externalLinks: {fk: 'projectId', type: 'EntityExternalLink'},
    initiativeToProjects: {fk: 'projectId', type: 'InitiativeToProject'},
    initiatives: {type: 'Initiative', via: projectInitiatives},
    inverseRelations: {fk: 'relatedProjectId', type: 'ProjectRelation'},
    issues: {fk: 'projectId', type: 'Issue'},
    labels: {ids: 'labelIds', type: 'ProjectLabel'},
    needs: {fk: 'projectId', type: 'CustomerNeed'},
    members: {ids: 'memberIds', type: 'User'},
    projectMilestones: {fk: 'projectId', type: 'ProjectMilestone'},
    projectUpdates: {fk: 'projectId', type: 'ProjectUpdate'},
    relations: {fk: 'projectId', type: 'ProjectRelation'},
    teams: {ids: 'teamIds', type: 'Team'},
  },
  ProjectLabel: {children: {fk: 'parentId', type: 'ProjectLabel'}, projects: {contains: 'labelIds', type: 'Project'}},
  ProjectMilestone: {issues: {fk: 'projectMilestoneId', type: 'Issue'}},
  Release: {documents: {fk: 'releaseId', type: 'Document'}, issues: {type: 'Issue', via: releaseIssues}, links: {fk: 'releaseId', type: 'EntityExternalLink'}, releaseNotes: {contains: 'releaseIds', type: 'ReleaseNote'}},
  ReleaseNote: {releases: {ids: 'releaseIds', type: 'Release'}},
  ReleasePipeline: {releases: {fk: 'pipelineId', type: 'Release'}, stages: {fk: 'pipelineId', type: 'ReleaseStage'}, teams: {ids: 'teamIds', type: 'Team'}},
  ReleaseStage: {releases: {fk: 'stageId', type: 'Release'}},
  Roadmap: {projects: {type: 'Project', via: {from: 'roadmapId', to: 'projectId', type: 'RoadmapToProject'}}},
  ProjectUpdate: {comments: {fk: 'projectUpdateId', type: 'Comment'}},
  Team: {
    cycles: {fk: 'teamId', type: 'Cycle'},
    issues: {fk: 'teamId', type: 'Issue'},
    labels: {fk: 'teamId', type: 'IssueLabel'},
    members: {type: 'User', via: member},
    memberships: {fk: 'teamId', type: 'TeamMembership'},
    projects: {contains: 'teamIds', type: 'Project'},
    releasePipelines: {contains: 'teamIds', type: 'ReleasePipeline'},
    states: {fk: 'teamId', type: 'WorkflowState'},
    templates: {fk: 'teamId', type: 'Template'},
    webhooks: {fk: 'teamId', type: 'Webhook'},
  },
  User: {
    assignedIssues: {fk: 'assigneeId', type: 'Issue'},
    createdIssues: {fk: 'creatorId', type: 'Issue'},
    delegatedIssues: {fk: 'delegateId', type: 'Issue'},
    teamMemberships: {fk: 'userId', type: 'TeamMembership'},
    teams: {type: 'Team', via: {from: 'userId', to: 'teamId', type: 'TeamMembership'}},
  },
  WorkflowState: {issues: {fk: 'stateId', type: 'Issue'}},
};

/** Single references whose id field is not `<field>Id`. */
export const REFERENCE_FIELDS: Record<string, Record<string, {type: string; field: string}>> = {
  Project: {status: {field: 'statusId', type: 'ProjectStatus'}},
  Customer: {status: {field: 'statusId', type: 'CustomerStatus'}, tier: {field: 'tierId', type: 'CustomerTier'}},
};

/** Issue priorities and their labels. */
export const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];
