import type { EndpointInfo } from './dto/endpoint-info.dto';

/**
 * EndpointInfo fields without a column of their own, stored together as JSON on the endpoint row.
 * (userMode and sipUserName have columns: ListEndpoints filters on them.)
 */
export const SETTINGS_FIELDS = [
  'extraInformation',
  'flowSchedule',
  'schedule',
  'scheduledFlows',
  'disableSms',
  'useExternal10DlcCampaign',
  'isCallerIdVerified',
  'callerIdVerificationCode',
  'callerIdName',
  'doNotTouchPhoneNumber',
  'isEnrolledIn10DlcService',
  'enableCallerIdLookup',
  'userEmailAddress',
  'sipRegion',
  'sipCredentialSid',
  'sipPassword',
  'sipDomain',
  'enableEmergencyCalling',
  'emergencyAddressSid',
  'emergencyPhoneNumberId',
  'agentState',
  'agentStateReason',
  'voicemailGreetingId',
  'emailAddress',
  'userFirstName',
  'userLastName',
  'avatarUrl',
  'managerRole',
  'dashboardPermissions',
  'myFieldPermissions',
  'customerFieldPermissions',
  'otherUserFieldPermissions',
  'otherEndpointFieldPermissions',
  'name',
  'actionUrls',
  'teamMemberIds',
  'contactListVisibility',
  'contacts',
  'documoId',
  'integrationData',
  'thirdPartyPhoneSystemSettings',
  'overrideAppSettings',
  'appSettings',
] as const satisfies readonly (keyof EndpointInfo)[];

export type EndpointSettings = Partial<Pick<EndpointInfo, (typeof SETTINGS_FIELDS)[number]>>;

/** Whether a `flowId` of the settings names one of `flowIds`. */
const namesOneOf =
  (flowIds: ReadonlySet<string>) =>
  (flowId?: string): boolean =>
    flowId !== undefined && flowIds.has(flowId);

/** Do the settings schedule any of these flows (in `scheduledFlows` or a schedule rule)? */
export function schedulesAnyFlow(settings: EndpointSettings | null, flowIds: ReadonlySet<string>): boolean {
  const runs = namesOneOf(flowIds);
  return (
    (settings?.scheduledFlows ?? []).some((s) => runs(s.flowId)) ||
    (settings?.schedule?.rules ?? []).some((r) => runs(r.flowId))
  );
}

/**
 * The settings without these flows: their `scheduledFlows` entries are removed, and the schedule
 * rules that ran one keep their times but run no flow (nor its params).
 */
export function withoutScheduledFlows(
  settings: EndpointSettings,
  flowIds: ReadonlySet<string>,
): EndpointSettings {
  const runs = namesOneOf(flowIds);
  const { schedule, scheduledFlows } = settings;
  return {
    ...settings,
    ...(scheduledFlows && { scheduledFlows: scheduledFlows.filter((s) => !runs(s.flowId)) }),
    ...(schedule?.rules && {
      schedule: {
        ...schedule,
        rules: schedule.rules.map((rule) => {
          if (!runs(rule.flowId)) return rule;
          const { flowId: _flowId, flowParams: _flowParams, ...kept } = rule;
          return kept;
        }),
      },
    }),
  };
}
