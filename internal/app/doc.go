// Package app wires capacitybot's parts — the Cloud clients, the command
// handler and its authorizer, the chat adapter (Slack or the console) and
// the Temporal worker with its activities — from typed inputs. Both
// cmd/capacitybot and the test harnesses (internal/testworld) build their
// process here, so the tests run the wiring that ships instead of a copy
// that drifts from it. Reading settings stays with the caller: this package
// takes values (a workflows.Policy, addresses, tokens), not configuration.
package app
