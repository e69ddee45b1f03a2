export { registerServiceStackBodyParsers, hasStringFields } from './body-parsers';
export { DtoBinder, ServiceStackBindingPipe } from './dto-binding.pipe';
export { registerFormatHooks, stripJsonSuffix } from './formats';
export {
  RouteRecorder,
  registerPredefinedRoutes,
  nativeMethodOf,
  PREDEFINED_ROUTE_PREFIXES,
} from './predefined-routes';
export { clientErrorHandler, frameworkErrors } from './framework-errors';
