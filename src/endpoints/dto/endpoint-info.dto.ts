import { ApiProperty, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import { CustomerBreadcrumb, EntityInfo } from '../../contract/entity-info.dto';
import { Schedule, ScheduledFlow } from '../../contract/schedule.dto';
import { structSchema, type Struct } from '../../contract/struct.dto';
import { Tag } from '../../tags/dto/tag.dto';
import {
  ActionUrlHttpMethods,
  AgentStateReasons,
  AgentStates,
  AudioCodecTypes,
  CustomerVisibility,
  DashboardPermissions,
  DtmfMethods,
  EndpointFlowSchedules,
  EndpointTypes,
  ThirdPartyPhoneSystemTypes,
  TransportTypes,
  TwilioSipRegions,
  UserDataFieldModes,
  UserManagerRoles,
  UserModes,
} from '../../contract/endpoint.enums';

/** Response fields are always present; absent values are null. */
const str = (description: string): ApiPropertyOptions => ({ description, type: String, nullable: true });
const bool = (description: string): ApiPropertyOptions => ({ description, type: Boolean });
const int = (description: string): ApiPropertyOptions => ({ description, type: 'integer' });
const en = (enumType: object, enumName: string, description: string): ApiPropertyOptions => ({
  description,
  enum: enumType,
  enumName,
});

export class EndpointActionUrl {
  @ApiProperty(str('The ID of the action URL')) id: string | null;
  @ApiProperty(str('The URL')) url: string | null;
  @ApiProperty(en(ActionUrlHttpMethods, 'ActionUrlHttpMethods', 'The HTTP method'))
  method: ActionUrlHttpMethods;
}

export class EndpointContact {
  @ApiProperty(str('The ID of the contact')) id: string | null;
  @ApiProperty(str('The display name of the contact')) displayName: string | null;
  @ApiProperty(str('The address of the contact')) address: string | null;
}

export class IntegrationData {
  @ApiProperty(str('The ID of this entity in the third-party system')) thirdPartyId: string | null;
}

export class ThirdPartySipAccountSettings {
  @ApiProperty(str('Number')) number: string | null;
  @ApiProperty(str('Agent')) agent: string | null;
  @ApiProperty(str('Auth name')) authName: string | null;
  @ApiProperty(str('User name')) userName: string | null;
  @ApiProperty(str('Display name')) displayName: string | null;
  @ApiProperty(str('Password')) password: string | null;
  @ApiProperty(str('User domain')) userDomain: string | null;
  @ApiProperty(int('Registration expiry (seconds)')) registrationExpires: number;
  @ApiProperty(en(TransportTypes, 'TransportTypes', 'Transport')) transportType: TransportTypes;
  @ApiProperty(str('Local IP')) localIP: string | null;
  @ApiProperty(int('Local port')) localPort: number;
  @ApiProperty(str('SIP server')) sipServer: string | null;
  @ApiProperty(int('SIP server port')) sipServerPort: number;
  @ApiProperty(str('Outbound server')) outboundServer: string | null;
  @ApiProperty(int('Outbound server port')) outboundServerPort: number;
  @ApiProperty(str('STUN server')) stunServer: string | null;
  @ApiProperty(int('STUN port')) stunPort: number;
  @ApiProperty(str('Audio playback device')) audioPlaybackDeviceName: string | null;
  @ApiProperty(str('Audio recording device')) audioRecordingDeviceName: string | null;
  @ApiProperty({
    description: 'Audio codecs, by preference',
    enum: AudioCodecTypes,
    enumName: 'AudioCodecTypes',
    isArray: true,
  })
  audioCodecs: AudioCodecTypes[];
  @ApiProperty(en(DtmfMethods, 'DtmfMethods', 'DTMF method')) dtmfMethod: DtmfMethods;
}

export class ThirdPartySipSettings {
  @ApiProperty({ description: 'SIP accounts', type: [ThirdPartySipAccountSettings] })
  accounts: ThirdPartySipAccountSettings[];
}

export class ThirdPartyDemoSettings {
  @ApiProperty(str('Extension')) extension: string | null;
}

export class ThirdPartyPhoneSystemSettings {
  @ApiProperty(en(ThirdPartyPhoneSystemTypes, 'ThirdPartyPhoneSystemTypes', 'The type of phone system'))
  type: ThirdPartyPhoneSystemTypes;
  @ApiProperty({ description: 'SIP settings', type: ThirdPartySipSettings, nullable: true })
  sipSettings: ThirdPartySipSettings | null;
  @ApiProperty({ description: 'Demo settings', type: ThirdPartyDemoSettings, nullable: true })
  demoSettings: ThirdPartyDemoSettings | null;
}

export class AppSettings {
  @ApiProperty(bool('Enable phone number management')) enablePhoneNumberManagement: boolean;
  @ApiProperty(bool('Enable device management')) enableDeviceManagement: boolean;
  @ApiProperty(bool('Enable the dialer')) enableDialer: boolean;
  @ApiProperty(bool('Enable call history')) enableCallHistory: boolean;
  @ApiProperty(bool('Show file names in the message center')) showFileNameInMessageCenter: boolean;
  @ApiProperty(str('Chakra theme')) chakraTheme: string | null;
  @ApiProperty(str('Custom CSS')) customCss: string | null;
  @ApiProperty(str('Page title')) pageTitle: string | null;
  @ApiProperty(str('String mappings')) stringMappings: string | null;
  @ApiProperty(str('Logout URL')) logoutUrl: string | null;
  @ApiProperty(str('Port-my-number URL')) portMyNumberUrl: string | null;
}

/** The contract's `EndpointInfo`: what BuyPhoneNumber and the endpoint operations return. */
export class EndpointInfo extends EntityInfo {
  @ApiProperty(str('The account ID this endpoint is associated with')) accountId: string;
  @ApiProperty(str('The name of the account this endpoint is associated with')) accountName: string | null;
  @ApiProperty(str('The ID of the customer this endpoint is associated with')) customerId: string | null;
  @ApiProperty(str('The name of the customer this endpoint is associated with')) customerName: string | null;
  @ApiProperty(str('The third party reference ID for the endpoint')) referenceId: string | null;
  @ApiProperty({
    description: 'The breadcrumb to the customer for this endpoint (root to leaf)',
    type: [CustomerBreadcrumb],
  })
  customerBreadcrumb: CustomerBreadcrumb[];
  @ApiProperty(str('The display name of the endpoint')) displayName: string;
  @ApiProperty(en(EndpointTypes, 'EndpointTypes', 'The type of endpoint')) type: EndpointTypes;
  @ApiProperty(str('Extra info for this endpoint (typically to show in grid)')) extraInformation:
    string | null;
  @ApiProperty(str('The ID of the flow to use for voice')) flowId: string | null;
  @ApiProperty(str('The name of the flow to use for voice')) flowName: string | null;
  @ApiProperty(structSchema('The params for the voice flow')) flowParams: Struct;
  @ApiProperty(
    en(
      EndpointFlowSchedules,
      'EndpointFlowSchedules',
      'Whether to use a single flow always or use scheduled flow system',
    ),
  )
  flowSchedule: EndpointFlowSchedules;
  @ApiProperty({ description: "This endpoint's schedule", type: Schedule, nullable: true })
  schedule: Schedule | null;
  @ApiProperty({ description: 'The list of scheduled flows when using scheduling', type: [ScheduledFlow] })
  scheduledFlows: ScheduledFlow[];
  @ApiProperty(bool('Disable SMS')) disableSms: boolean;
  @ApiProperty(
    bool('Set this to true to prevent Evo Voice from overriding the 10DLC / SMS settings for this number'),
  )
  useExternal10DlcCampaign: boolean;
  @ApiProperty(bool('Is this a virtual phone number?')) isVirtualPhoneNumber: boolean;
  @ApiProperty(bool('Is caller ID verified for this virtual number?')) isCallerIdVerified: boolean;
  @ApiProperty(str('The verification code for this number')) callerIdVerificationCode: string | null;
  @ApiProperty(str('The phone number (E.164)')) phoneNumber: string | null;
  @ApiProperty(str('The Sid of the phone number')) phoneNumberSid: string | null;
  @ApiProperty(str('The caller ID Name (CNAM) for the phone number')) callerIdName: string | null;
  @ApiProperty(str('The address SID associated with the phone number')) addressSid: string | null;
  @ApiProperty(bool('Do not touch this phone number - for BYOA accounts')) doNotTouchPhoneNumber: boolean;
  @ApiProperty(bool('Is this number enrolled in a 10DLC messaging service campaign'))
  isEnrolledIn10DlcService: boolean;
  @ApiProperty(bool('Whether we look up caller ID or not')) enableCallerIdLookup: boolean;
  @ApiProperty(str('The email address of the user')) userEmailAddress: string | null;
  @ApiProperty(en(TwilioSipRegions, 'TwilioSipRegions', 'The Twilio Region for the SIP endpoint'))
  sipRegion: TwilioSipRegions;
  @ApiProperty(str('The Twilio Sid of the credentials for Sip')) sipCredentialSid: string | null;
  @ApiProperty(str('The Twilio SIP user name')) sipUserName: string | null;
  @ApiProperty(str('The Twilio SIP password')) sipPassword: string | null;
  @ApiProperty(str('The SIP domain')) sipDomain: string | null;
  @ApiProperty(bool('Is emergency calling enabled on this number?')) enableEmergencyCalling: boolean;
  @ApiProperty(str('The SID of the emergency address for this number')) emergencyAddressSid: string | null;
  @ApiProperty(str('The ID of the phone number to use for emergency dialing')) emergencyPhoneNumberId:
    string | null;
  @ApiProperty(en(AgentStates, 'AgentStates', 'The current agent state of this user endpoint'))
  agentState: AgentStates;
  @ApiProperty(
    en(AgentStateReasons, 'AgentStateReasons', 'The current agent state reason of this user endpoint'),
  )
  agentStateReason: AgentStateReasons;
  @ApiProperty(en(UserModes, 'UserModes', 'The mode for this user')) userMode: UserModes;
  @ApiProperty(str('The ID of the file to use for voicemail greeting')) voicemailGreetingId: string | null;
  @ApiProperty(structSchema("The endpoint's data")) data: Struct;
  @ApiProperty(str('The email address for email endpoints')) emailAddress: string | null;
  @ApiProperty(str('The first name of the user (for user endpoints)')) userFirstName: string | null;
  @ApiProperty(str('The last name of the user (for user endpoints)')) userLastName: string | null;
  @ApiProperty(str("The URL of an image for this user's avatar")) avatarUrl: string | null;
  @ApiProperty(en(UserManagerRoles, 'UserManagerRoles', 'Does this user have manager role?'))
  managerRole: UserManagerRoles;
  @ApiProperty({
    description: 'The list of dashboard permissions for when the manager role is custom',
    enum: DashboardPermissions,
    enumName: 'DashboardPermissions',
    isArray: true,
  })
  dashboardPermissions: DashboardPermissions[];
  @ApiProperty(
    en(UserDataFieldModes, 'UserDataFieldModes', 'The type of visibility this user has to their own fields'),
  )
  myFieldPermissions: UserDataFieldModes;
  @ApiProperty(
    en(UserDataFieldModes, 'UserDataFieldModes', 'The type of visibility this user has to customer fields'),
  )
  customerFieldPermissions: UserDataFieldModes;
  @ApiProperty(
    en(UserDataFieldModes, 'UserDataFieldModes', 'The type of visibility this user has to other user fields'),
  )
  otherUserFieldPermissions: UserDataFieldModes;
  @ApiProperty(
    en(
      UserDataFieldModes,
      'UserDataFieldModes',
      'The type of visibility this user has to other endpoint fields',
    ),
  )
  otherEndpointFieldPermissions: UserDataFieldModes;
  @ApiProperty(str('The name of this endpoint (for bots etc.)')) name: string | null;
  @ApiProperty({ description: 'The list of tags for this endpoint', type: [Tag] }) tags: Tag[];
  @ApiProperty({ description: 'The list of action URLs', type: [EndpointActionUrl] })
  actionUrls: EndpointActionUrl[];
  @ApiProperty({ description: 'The list of members in this team', type: [String] }) teamMemberIds: string[];
  @ApiProperty(en(CustomerVisibility, 'CustomerVisibility', 'Visibility of this user/team in contact lists'))
  contactListVisibility: CustomerVisibility;
  @ApiProperty({ description: 'The list of contacts personal to this user', type: [EndpointContact] })
  contacts: EndpointContact[];
  @ApiProperty(str('The documo ID for this number')) documoId: string | null;
  @ApiProperty({
    description:
      'Integration data for this endpoint (EntityIntegrationData: integration name -> IntegrationData)',
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(IntegrationData) },
  })
  integrationData: Record<string, IntegrationData>;
  @ApiProperty({
    description: 'Settings for third party phone system',
    type: ThirdPartyPhoneSystemSettings,
    nullable: true,
  })
  thirdPartyPhoneSystemSettings: ThirdPartyPhoneSystemSettings | null;
  @ApiProperty(bool("Should this user override the parent customer's app settings"))
  overrideAppSettings: boolean;
  @ApiProperty({ description: 'App / Portal settings for this user', type: AppSettings, nullable: true })
  appSettings: AppSettings | null;
}
