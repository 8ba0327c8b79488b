/**
 * `LinkKit.LinkKitState`: the life-cycle states returned by `check_state()`.
 * @module
 */
import { defineEnum } from './enum-member.js';

/** `LinkKit.LinkKitState` (Python `Enum`, same values). */
export const LinkKitState = defineEnum('LinkKitState', {
  INITIALIZED: 1,
  CONNECTING: 2,
  CONNECTED: 3,
  DISCONNECTING: 4,
  DISCONNECTED: 5,
  DESTRUCTING: 6,
  DESTRUCTED: 7,
});

/** A member of {@link LinkKitState}. */
export type LinkKitStateMember = ReturnType<typeof LinkKitState.of>;
