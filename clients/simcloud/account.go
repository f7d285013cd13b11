package simcloud

import (
	"fmt"
	"strings"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

// Namespace describes one simulated namespace: its capacity options and the
// usage the Metrics API serves for it. Zero values get realistic defaults in
// New (see withDefaults).
type Namespace struct {
	ID               string // full namespace ID, name.account
	Region           string // e.g. "aws-us-east-1"
	Capacity         clients.Capacity
	ValidTRUs        []float64 // default 2,3,4,6,8,10,12
	MaxAvailableTRUs float64   // default: the highest valid value
	OnDemandAPSLimit float64   // APS limit in on-demand mode; default 500
	Stats            clients.APSStats
	APS              float64 // current foreground actions/s actually served
	BackgroundAPS    float64
	ThrottledPerSec  float64 // foreground actions/s refused for being over the limit

	// HasLegacyLimits marks an APS limit set by Temporal Support; it acts as
	// a floor (LegacyAPSLimit) in every mode, as the docs describe.
	HasLegacyLimits bool
	LegacyAPSLimit  float64

	RetentionDays int32             // default 30
	Tags          map[string]string // served as namespace tags
	// OmitCapacityStatus serves no Namespace.capacity (only the spec), like
	// an API that does not report observed capacity, to exercise clients'
	// fallbacks.
	OmitCapacityStatus bool
}

// Account is a simulated Temporal Cloud account.
type Account struct {
	ID         string
	Namespaces []Namespace
}

// defaultValidTRUs are the documented provisioned tiers.
var defaultValidTRUs = []float64{2, 3, 4, 6, 8, 10, 12}

// withDefaults fills the zero fields of n and qualifies its ID with the
// account, so that a hand-written test account stays short.
func (n Namespace) withDefaults(account string) (Namespace, error) {
	if n.ID == "" {
		return n, fmt.Errorf("namespace without an ID")
	}
	if !strings.Contains(n.ID, ".") {
		if account == "" {
			return n, fmt.Errorf("namespace %q has no account suffix and the account has no ID", n.ID)
		}
		n.ID += "." + account
	}
	if n.Region == "" {
		n.Region = "aws-us-east-1"
	}
	if len(n.ValidTRUs) == 0 {
		n.ValidTRUs = append([]float64(nil), defaultValidTRUs...)
	} else {
		n.ValidTRUs = append([]float64(nil), n.ValidTRUs...)
	}
	if n.MaxAvailableTRUs == 0 {
		n.MaxAvailableTRUs = n.ValidTRUs[len(n.ValidTRUs)-1]
	}
	if n.OnDemandAPSLimit == 0 {
		n.OnDemandAPSLimit = 500
	}
	if n.RetentionDays == 0 {
		n.RetentionDays = 30
	}
	switch n.Capacity.Mode {
	case "":
		n.Capacity = clients.OnDemand()
	case clients.ModeOnDemand:
		n.Capacity = clients.OnDemand()
	case clients.ModeProvisioned:
		if n.Capacity.TRUs <= 0 {
			return n, fmt.Errorf("namespace %s: provisioned with %v TRUs", n.ID, n.Capacity.TRUs)
		}
	default:
		return n, fmt.Errorf("namespace %s: unknown capacity mode %q", n.ID, n.Capacity.Mode)
	}
	return n, nil
}

// name is the namespace name without the account suffix.
func (n Namespace) name() string { return capacity.BareName(n.ID) }

// apsLimit is the limit the service enforces for a capacity setting:
// 500 APS per TRU when provisioned, the on-demand envelope otherwise, never
// below a Support-set legacy limit.
func (n Namespace) apsLimit(c clients.Capacity) float64 {
	limit := n.OnDemandAPSLimit
	if c.Mode == clients.ModeProvisioned {
		limit = 500 * c.TRUs
	}
	if n.HasLegacyLimits && n.LegacyAPSLimit > limit {
		limit = n.LegacyAPSLimit
	}
	return limit
}

// validTRU reports whether v is one of the namespace's valid tiers.
func (n Namespace) validTRU(v float64) bool {
	for _, t := range n.ValidTRUs {
		if t == v {
			return true
		}
	}
	return false
}
