package simcloud

import (
	"fmt"
	"math/rand/v2"

	"github.com/capacitybot/capacitybot/clients"
)

// DemoSeed is the seed LargeAccount is built from in the product, so that
// every run of SIM_NAMESPACES=N shows the same account.
const DemoSeed = 14

// MaxNamespaces bounds LargeAccount (and SIM_NAMESPACES): beyond it the
// simulated account only costs memory and start time.
const MaxNamespaces = 20000

// LargeAccount is DemoAccount grown to n namespaces in all (n at least the
// demo's dozen): the demo ones, then namespace-per-tenant ones
// ("tenant-00013", …) whose usage and capacity follow a realistic spread
// (mostly idle, some busy, a few throttled, provisioned, over-provisioned,
// in regions with less inventory), the same for the same seed.
func LargeAccount(n int, seed uint64) (Account, error) {
	if err := CheckAccountSize(n); err != nil {
		return Account{}, err
	}
	acct := DemoAccount()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := len(acct.Namespaces) + 1; i <= n; i++ {
		acct.Namespaces = append(acct.Namespaces, tenantNamespace(rng, fmt.Sprintf("tenant-%05d", i)))
	}
	return acct, nil
}

// CheckAccountSize refuses a namespace count LargeAccount cannot build.
func CheckAccountSize(n int) error {
	if demo := len(DemoAccount().Namespaces); n < demo || n > MaxNamespaces {
		return fmt.Errorf("a simulated account holds %d to %d namespaces, not %d", demo, MaxNamespaces, n)
	}
	return nil
}

// tenantProfile is one kind of generated namespace and how common it is.
type tenantProfile struct {
	share float64 // of the generated namespaces
	make  func(rng *rand.Rand, ns *Namespace)
}

// tenantProfiles are weighted to look like a namespace-per-tenant account:
// most tenants are small or idle, a few are busy or throttled.
var tenantProfiles = []tenantProfile{
	{0.45, func(rng *rand.Rand, ns *Namespace) { ns.APS = rng.Float64() * 2 }}, // idle
	{0.25, func(rng *rand.Rand, ns *Namespace) { ns.APS = 5 + rng.Float64()*195 }},
	{0.10, func(rng *rand.Rand, ns *Namespace) { ns.APS = ns.OnDemandAPSLimit * (0.8 + rng.Float64()*0.18) }}, // busy
	{0.04, func(rng *rand.Rand, ns *Namespace) { // throttled
		ns.APS, ns.ThrottledPerSec = ns.OnDemandAPSLimit, 5+rng.Float64()*95
	}},
	{0.10, func(rng *rand.Rand, ns *Namespace) { // provisioned and used
		trus := []float64{2, 3, 4, 6}[rng.IntN(4)]
		ns.Capacity, ns.APS = clients.Provisioned(trus), 500*trus*(0.6+rng.Float64()*0.35)
	}},
	{0.06, func(rng *rand.Rand, ns *Namespace) { // over-provisioned
		trus := []float64{4, 6, 8}[rng.IntN(3)]
		ns.Capacity, ns.APS = clients.Provisioned(trus), 500*trus*(0.02+rng.Float64()*0.13)
	}},
}

// tenantNamespace draws one generated namespace.
func tenantNamespace(rng *rand.Rand, id string) Namespace {
	ns := Namespace{ID: id, Capacity: clients.OnDemand(), OnDemandAPSLimit: 500}
	switch r := rng.Float64(); {
	case r < 0.08: // less inventory outside the US
		ns.Region, ns.ValidTRUs, ns.MaxAvailableTRUs = "aws-ap-south-1", []float64{2, 3, 4, 6, 8}, 4
	case r < 0.2:
		ns.Region = "aws-eu-west-1"
	}
	if rng.Float64() < 0.3 {
		ns.OnDemandAPSLimit = 1000
	}
	pick, acc := rng.Float64(), 0.0
	for _, p := range tenantProfiles {
		acc += p.share
		if pick < acc {
			p.make(rng, &ns)
			break
		}
	}
	if ns.Capacity.Mode == clients.ModeProvisioned && ns.MaxAvailableTRUs > 0 && ns.Capacity.TRUs > ns.MaxAvailableTRUs {
		ns.Capacity = clients.Provisioned(ns.MaxAvailableTRUs)
	}
	ns.BackgroundAPS = ns.APS * 0.1
	ns.Stats = clients.APSStats{Mean: ns.APS * 0.7, P90: ns.APS * 0.95, P99: ns.APS * 1.1}
	return ns
}
