import { describe, expect, it } from 'vitest'
import { classifyKeychainFailure } from '../../../src/core/keychain/os-keychain.js'

// Messages as @napi-rs/keyring 2.1 gives them on Linux (observed with gnome-keyring): the
// binding has one error kind (GenericFailure), so the text is all there is to tell them apart.
describe('classifyKeychainFailure', () => {
  it.each([
    [
      'no bus, Secret Service pinned',
      'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
      'unreachable',
    ],
    [
      'bus address pointing nowhere',
      'Platform failure: DBus error: Failed to connect to socket /nonexistent: No such file or directory',
      'unreachable',
    ],
    [
      'findCredentials without a bus',
      'zbus error: Failed to connect to address `unix:path=/run/user/0/bus`: No such file or directory (os error 2)',
      'unreachable',
    ],
    [
      'a bus without a Secret Service',
      'Platform failure: DBus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
      'unreachable',
    ],
    [
      'locked, no prompter',
      "Couldn't access platform storage: Secret Service: unlock prompt was dismissed",
      'locked',
    ],
    [
      'locked, findCredentials',
      'zbus error: org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object',
      'locked',
    ],
    ['kernel keyring refused', "Couldn't access platform storage: AccessDenied", 'other'],
    ['macOS', 'Platform secure storage failure: User interaction is not allowed.', 'other'],
  ])('%s', (_name, message, kind) => {
    expect(classifyKeychainFailure(message)).toBe(kind)
  })
})
