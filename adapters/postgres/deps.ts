/**
 * Everything this adapter takes from the core, in one place: the shared key and data checks keep
 * PostgreSQL accepting exactly what the memory and file stores accept.
 */
export { IamError } from '../../src/errors.js'
export { ENTITY_KINDS } from '../../src/store/types.js'
export { ListenerSet } from '../../src/store/events.js'
export { checkKey, checkListOptions, checkSnapshot, compositeKey, encodeData } from '../../src/store/records.js'
export type { ChangeEvent, EntityKind, EntityRecord, ListOptions, PolicyStore, PutOptions, StoreSnapshotRecord, StoreWriter } from '../../src/store/types.js'
