package check

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// CloudOps is the read side of the Cloud Ops API the check calls.
type CloudOps interface {
	CurrentIdentity(ctx context.Context) (clients.Identity, error)
	ListNamespaces(ctx context.Context) ([]string, error)
	GetCapacityInfo(ctx context.Context, namespace string) (clients.CapacityInfo, error)
}

// CloudOpsOptions say which Cloud Ops API is checked and what the bot is
// allowed to boost there.
type CloudOpsOptions struct {
	API       CloudOps
	Simulated bool
	// Address is CLOUD_OPS_API_ADDRESS and APIVersion the version header
	// sent, for the messages.
	Address    string
	APIVersion string
	// Filter is NAMESPACE_ALLOWLIST/NAMESPACE_DENYLIST: the namespaces the
	// key must be able to change.
	Filter capacity.NamespaceFilter
	Now    func() time.Time
}

// The fixes of the Cloud Ops checks.
const (
	fixOpsKey = "TEMPORAL_CLOUD_OPS_API_KEY is not accepted: create an API key for a service account " +
		"(Cloud UI → Settings → Service Accounts) with the Global Admin role or Namespace Admin on each namespace to boost, and set it"
	fixOpsAddress = "check CLOUD_OPS_API_ADDRESS (default saas-api.tmprl.cloud:443) and that this machine reaches it (proxy, firewall, DNS)"
	fixOpsVersion = "set TEMPORAL_CLOUD_API_VERSION to a version the service accepts (v0.10.0 or later), or unset it for the client's default"
)

// CloudOpsCheck checks the Cloud Ops key: whose it is and what it may
// change (GetCurrentIdentity), when it expires, that the API version header
// is accepted, the namespace list and one namespace's capacity options.
func CloudOpsCheck(o CloudOpsOptions) Check {
	if o.Now == nil {
		o.Now = time.Now
	}
	return Check{Part: "Cloud Ops API", Simulated: o.Simulated, Run: func(ctx context.Context) []Result {
		id, idErr := o.API.CurrentIdentity(ctx)
		if idErr != nil && callFatal(idErr) {
			return []Result{opsFailure(o, "GetCurrentIdentity", idErr)}
		}
		ids, err := o.API.ListNamespaces(ctx)
		if err != nil {
			return []Result{opsFailure(o, "GetNamespaces", err)}
		}
		var allowed []string
		for _, ns := range ids {
			if o.Filter.Allowed(ns) {
				allowed = append(allowed, ns)
			}
		}
		out := []Result{ok("%s answers with API version %s; GetNamespaces lists %d %s, %d allowed by NAMESPACE_ALLOWLIST/NAMESPACE_DENYLIST",
			o.Address, o.APIVersion, len(ids), humanize.Plural(len(ids), "namespace", "namespaces"), len(allowed))}
		if !cloudops.CapacityFieldsVisible(o.APIVersion) {
			out[0] = fail(fixOpsVersion, "API version %s is accepted but older than v0.10.0: its answers hide the capacity fields the bot reads and writes",
				o.APIVersion)
		}
		if idErr != nil {
			out = append(out, warn("nothing to set: the bot does not need GetCurrentIdentity, but the key's rights stay unknown until a boost",
				"GetCurrentIdentity failed, so the key's roles were not read: %v", idErr))
		} else {
			out = append(out, identityResult(id), permissionResult(id, allowed), expiryResult(id, o.Now()))
		}
		out = append(out, capacityInfoResult(ctx, o.API, allowed))
		return out
	}}
}

// callFatal reports whether a failed call means no other call can work: the
// key, the address or the version header was refused.
func callFatal(err error) bool {
	var ce *clients.Error
	if !errors.As(err, &ce) {
		return true
	}
	switch ce.Kind {
	case clients.KindPermission, clients.KindUnavailable, clients.KindRateLimited, clients.KindInvalid:
		return true
	}
	return false
}

// opsFailure names the Cloud Ops API, the call and the fix for its failure.
func opsFailure(o CloudOpsOptions, method string, err error) Result {
	fix := fixByKind(err, fixOpsAddress, map[clients.ErrorKind]string{
		clients.KindPermission: fixOpsKey,
		clients.KindInvalid:    fixOpsVersion,
		clients.KindRateLimited: "wait a minute: the account's control-plane rate limit is spent (tcld, the UI and other tools share it), " +
			"or lower CLOUD_OPS_RATE_LIMIT",
	})
	return fail(fix, "%s at %s (API version %s) failed: %v", method, o.Address, o.APIVersion, err)
}

// fixByKind picks the fix for a failed client call by its error kind; def
// when the error is untyped or its kind has no fix of its own.
func fixByKind(err error, def string, fixes map[clients.ErrorKind]string) string {
	var ce *clients.Error
	if errors.As(err, &ce) {
		if fix, found := fixes[ce.Kind]; found {
			return fix
		}
	}
	return def
}

// identityResult says whose the key is.
func identityResult(id clients.Identity) Result {
	who := string(id.Kind)
	if id.Name != "" {
		who += fmt.Sprintf(" %q", id.Name)
	}
	if id.ID != "" {
		who += " (" + id.ID + ")"
	}
	access := "no per-namespace permission"
	if n := len(id.Namespaces); n > 0 {
		access = fmt.Sprintf("permissions on %d %s", n, humanize.Plural(n, "namespace", "namespaces"))
	}
	return ok("key of %s, account role %s, %s", who, id.AccountRole, access)
}

// permissionResult names every allowed namespace whose capacity the key
// cannot change.
func permissionResult(id clients.Identity, allowed []string) Result {
	if len(allowed) == 0 {
		return warn("widen NAMESPACE_ALLOWLIST or NAMESPACE_DENYLIST, or give the key access to the namespaces to manage",
			"no namespace is allowed, so nothing can be boosted")
	}
	cannot := id.CannotChange(allowed)
	if len(cannot) == 0 {
		why := string(id.AccountRole)
		if !id.CanChangeCapacity("") {
			why = string(clients.NamespaceAdmin) + " on each"
		}
		return ok("the key may change capacity on all %d allowed %s (%s)", len(allowed), humanize.Plural(len(allowed), "namespace", "namespaces"), why)
	}
	have := make([]string, 0, len(cannot))
	for _, ns := range cannot {
		p := id.Namespaces[ns]
		if p == "" {
			p = "no access"
		}
		have = append(have, fmt.Sprintf("%s (%s)", ns, p))
	}
	return fail(fmt.Sprintf("grant the key's %s %s on %s (Cloud UI → Namespaces → each namespace → Permissions), "+
		"or the Global Admin account role, or leave them out with NAMESPACE_DENYLIST", id.Kind, clients.NamespaceAdmin, strings.Join(cannot, ", ")),
		"the key cannot change capacity of %d of %d allowed namespaces: %s; its account role is %s",
		len(cannot), len(allowed), strings.Join(have, ", "), id.AccountRole)
}

// capacityInfoResult asks one allowed namespace's capacity options, the
// call every boost starts with.
func capacityInfoResult(ctx context.Context, api CloudOps, allowed []string) Result {
	if len(allowed) == 0 {
		return off("GetNamespaceCapacityInfo not asked: no allowed namespace")
	}
	ns := append([]string(nil), allowed...)
	sort.Strings(ns)
	info, err := api.GetCapacityInfo(ctx, ns[0])
	if err != nil {
		return fail("give the key read access to "+ns[0]+", or check that the account has Provisioned Capacity",
			"GetNamespaceCapacityInfo %s failed: %v", ns[0], err)
	}
	if len(info.ValidTRUs) == 0 {
		return warn("nothing to set: this namespace cannot be boosted until Temporal offers TRU values for it (ask Temporal support)",
			"GetNamespaceCapacityInfo %s answers with no valid TRU values", ns[0])
	}
	vals := make([]string, 0, len(info.ValidTRUs))
	for _, v := range info.ValidTRUs {
		vals = append(vals, humanize.Number(v))
	}
	return ok("GetNamespaceCapacityInfo %s: valid TRU values %s (at most %s available now)",
		ns[0], strings.Join(vals, ", "), humanize.Number(info.MaxAvailableTRUs))
}
