import type {BackendDefinition} from '@asym/template-kit';

export const slackBackend: BackendDefinition = {
  template: 'slack',
  routes() {},
};
