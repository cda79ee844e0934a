export {RegistryStore} from './registry/store.js';
export {ConfigStore} from './config/store.js';
export {asymHome} from './home.js';
