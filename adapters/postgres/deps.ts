/**
 * Everything this adapter takes from the core, in one place, and only from the public entry
 * point: the shared key and data checks keep PostgreSQL accepting exactly what the memory and
 * file stores accept.
 */
export { IamError, ENTITY_KINDS, ListenerSet, checkKey, checkListOptions, checkSnapshot, compositeKey, encodeData } from '../../src/index.js'
export type { ChangeEvent, EntityKind, EntityRecord, ListOptions, PolicyStore, PutOptions, StoreSnapshotRecord, StoreWriter } from '../../src/index.js'
