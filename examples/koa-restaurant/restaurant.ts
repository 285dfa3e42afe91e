/**
 * The restaurant itself, the app's own data: its areas and a log of what happened in them.
 * Handlers only run after an Allow, so every entry in the log was authorized.
 */
export const AREAS = ['seating', 'kitchen', 'restroom', 'storage'] as const
export type Area = (typeof AREAS)[number]

export interface Activity {
  /** Who did it: the caller's principal ARN (a user, or a role session). */
  by: string
  what: 'entered' | 'took an order' | 'cooked' | 'cleaned'
  where: string
  detail?: string
  at: string
}

export class Restaurant {
  readonly log: Activity[] = []

  isArea(name: string): name is Area {
    return (AREAS as readonly string[]).includes(name)
  }

  record(activity: Omit<Activity, 'at'>): Activity {
    const entry = { ...activity, at: new Date().toISOString() }
    this.log.push(entry)
    return entry
  }
}
