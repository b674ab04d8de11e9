// Package top is the runtime of the SDKs that topgen generates for the
// Taobao Open Platform (TOP); the README's "The runtime top" describes it.
//
// Generated requests implement Request: Validate checks the documented
// limits with Validator (no allocation when valid), EncodeParams adds the
// business parameters to Params. Client.Do validates, encodes and signs as
// the official Java SDK does (see Sign), POSTs in its HTTP layout (see
// Client) and decodes the response into the generated struct, whose fields
// may use the tolerant types Int, Bool, Time, Decimal, JSON and List.
// Interceptors (WithInterceptor) wrap every call. Errors never hold the
// secret, the session or the sign.
package top
