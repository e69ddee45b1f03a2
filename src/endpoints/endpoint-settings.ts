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
