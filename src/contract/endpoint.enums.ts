/** Enums of the EndpointInfo contract. Values are the names, as they travel on the wire. */

export enum EndpointTypes {
  PhoneNumber = 'PhoneNumber',
  User = 'User',
  FaxNumber = 'FaxNumber',
  EmailAddress = 'EmailAddress',
  Unused_1 = 'Unused_1',
  Unused_2 = 'Unused_2',
  Unused_3 = 'Unused_3',
  Unused_4 = 'Unused_4',
  Unused_5 = 'Unused_5',
  Team = 'Team',
}

export enum EndpointFlowSchedules {
  Always = 'Always',
  Scheduled = 'Scheduled',
  Simple = 'Simple',
}

export enum TwilioSipRegions {
  NorthAmericaVirginia = 'NorthAmericaVirginia',
  NorthAmericaOregon = 'NorthAmericaOregon',
  EuropeIreland = 'EuropeIreland',
  EuropeFrankfurt = 'EuropeFrankfurt',
  AsiaPacificSingapore = 'AsiaPacificSingapore',
  AsiaPacificTokyo = 'AsiaPacificTokyo',
  AsiaPacificSydney = 'AsiaPacificSydney',
  SouthAmericaSanPaolo = 'SouthAmericaSanPaolo',
}

export enum AgentStates {
  Unknown = 'Unknown',
  Ready = 'Ready',
  NotReady = 'NotReady',
  LoggedOut = 'LoggedOut',
  WrapUp = 'WrapUp',
  Outgoing = 'Outgoing',
  Other = 'Other',
}

export enum AgentStateReasons {
  Unknown = 'Unknown',
  SetByUser = 'SetByUser',
  MissedCall = 'MissedCall',
  SetBySystem = 'SetBySystem',
}

export enum UserModes {
  SoftPhone = 'SoftPhone',
  Sip = 'Sip',
  Flow = 'Flow',
  DataOnly = 'DataOnly',
  ThirdParty = 'ThirdParty',
}

export enum UserManagerRoles {
  None = 'None',
  Manager = 'Manager',
  VoicemailAndCallHistory = 'VoicemailAndCallHistory',
  Custom = 'Custom',
}

export enum DashboardPermissions {
  ViewFiles = 'ViewFiles',
  ViewNotifications = 'ViewNotifications',
  ViewSessions = 'ViewSessions',
  ViewEndpoints = 'ViewEndpoints',
  ViewReports = 'ViewReports',
  ViewCustomers = 'ViewCustomers',
  ViewFlows = 'ViewFlows',
}

export enum UserDataFieldModes {
  Hidden = 'Hidden',
  ReadOnly = 'ReadOnly',
  ReadWrite = 'ReadWrite',
}

export enum ActionUrlHttpMethods {
  GET = 'GET',
  POST = 'POST',
}

export enum CustomerVisibility {
  None = 'None',
  CurrentCustomer = 'CurrentCustomer',
  CurrentAndChildCustomers = 'CurrentAndChildCustomers',
}

export enum ThirdPartyPhoneSystemTypes {
  Demo = 'Demo',
  Sip = 'Sip',
}

export enum TransportTypes {
  UDP = 'UDP',
  TLS = 'TLS',
  TCP = 'TCP',
  PERS = 'PERS',
}

/** Wire names only (the contract's table glues each name to its numeric value: PCMU0, GSM3, ...). */
export enum AudioCodecTypes {
  PCMU = 'PCMU',
  GSM = 'GSM',
  PCMA = 'PCMA',
  G722 = 'G722',
  G729 = 'G729',
  ILBC = 'ILBC',
  AMR = 'AMR',
  AMRWB = 'AMRWB',
  SPEEX = 'SPEEX',
  DTMF = 'DTMF',
  SPEEXWB = 'SPEEXWB',
  ISACWB = 'ISACWB',
  ISACSWB = 'ISACSWB',
  OPUS = 'OPUS',
  G7221 = 'G7221',
  NONE = 'NONE',
}

export enum DtmfMethods {
  RFC2833 = 'RFC2833',
  INFO = 'INFO',
}
