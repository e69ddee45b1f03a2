/**
 * Evo's `ValueTypes`: what a flow parameter, node parameter or custom field holds. The resource types
 * (Flow, Endpoint, Customer, ...) hold the id of an object of the flow's account in `stringValue`.
 */
export enum ValueTypes {
  NotSpecified = 'NotSpecified',
  String = 'String',
  Boolean = 'Boolean',
  Number = 'Number',
  List = 'List',
  Struct = 'Struct',
  Transition = 'Transition',
  Custom = 'Custom',
  Date = 'Date',
  AudioFile = 'AudioFile',
  TimeZoneId = 'TimeZoneId',
  PhoneNumber = 'PhoneNumber',
  User = 'User',
  Endpoint = 'Endpoint',
  Time = 'Time',
  File = 'File',
  FaxNumber = 'FaxNumber',
  EmailAccount = 'EmailAccount',
  Customer = 'Customer',
  Flow = 'Flow',
  Team = 'Team',
  FlowReference = 'FlowReference',
  Integration = 'Integration',
  Assistant = 'Assistant',
}

export const VALUE_TYPE_NAMES: ReadonlySet<string> = new Set(Object.values(ValueTypes));
