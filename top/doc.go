// Package top is the runtime of the SDKs that topgen generates for the
// Taobao Open Platform (TOP): generated requests implement Request, and
// Client.Do validates, signs (see SignMethod), POSTs and decodes them as the
// official Java SDK does. The README's "The runtime top" describes it.
package top
