package simcloud

import "github.com/capacitybot/capacitybot/clients"

// DemoAccountID is the account of DemoAccount.
const DemoAccountID = "demo42"

// DemoAccount is the account the bot shows when no Cloud keys are set: a
// dozen namespaces covering every case the analysis distinguishes, so that a
// first `/capacity analyze` has something to say about each. The README demo
// boosts payments (on-demand, busy) to 4 TRUs.
func DemoAccount() Account {
	od := clients.OnDemand()
	return Account{ID: DemoAccountID, Namespaces: []Namespace{
		// Busy on-demand, the README's boost example.
		{ID: "payments", Capacity: od, ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12},
			OnDemandAPSLimit: 500, APS: 410, BackgroundAPS: 35,
			Stats:         clients.APSStats{Mean: 260, P90: 380, P99: 470},
			RetentionDays: 60, Tags: map[string]string{"team": "payments", "tier": "critical"}},
		// On-demand, close to its limit.
		{ID: "orders-prod", Capacity: od, OnDemandAPSLimit: 1200, APS: 1130, BackgroundAPS: 90,
			Stats: clients.APSStats{Mean: 600, P90: 980, P99: 1150}, Tags: map[string]string{"team": "orders"}},
		// On-demand and throttled right now.
		{ID: "checkout-prod", Capacity: od, OnDemandAPSLimit: 500, APS: 500, BackgroundAPS: 40,
			ThrottledPerSec: 85, Stats: clients.APSStats{Mean: 310, P90: 470, P99: 540}},
		// Idle on-demand namespaces.
		{ID: "notifications-dev", Capacity: od, OnDemandAPSLimit: 500, APS: 0.4, BackgroundAPS: 0.1,
			Stats: clients.APSStats{Mean: 0.3, P90: 1, P99: 3}, RetentionDays: 7},
		{ID: "batch-reports-staging", Capacity: od, OnDemandAPSLimit: 500, APS: 2, BackgroundAPS: 0.5,
			Stats: clients.APSStats{Mean: 1.5, P90: 4, P99: 9}, RetentionDays: 7},
		{ID: "search-indexer", Capacity: od, OnDemandAPSLimit: 500, APS: 12, BackgroundAPS: 3,
			Stats: clients.APSStats{Mean: 10, P90: 18, P99: 25}},
		{ID: "user-profile-staging", Capacity: od, OnDemandAPSLimit: 500, APS: 45, BackgroundAPS: 6,
			Stats: clients.APSStats{Mean: 38, P90: 60, P99: 95}, RetentionDays: 14},
		// Provisioned and well used.
		{ID: "ledger-prod", Capacity: clients.Provisioned(4), OnDemandAPSLimit: 900, APS: 1620, BackgroundAPS: 120,
			Stats: clients.APSStats{Mean: 1400, P90: 1750, P99: 1900}, RetentionDays: 90},
		{ID: "fulfillment-prod", Capacity: clients.Provisioned(6), OnDemandAPSLimit: 1300, APS: 2450, BackgroundAPS: 210,
			Stats: clients.APSStats{Mean: 2100, P90: 2600, P99: 2850}},
		// Over-provisioned: 8 TRUs (4000 APS) for 300 APS.
		{ID: "analytics-etl", Capacity: clients.Provisioned(8), OnDemandAPSLimit: 600, APS: 300, BackgroundAPS: 60,
			Stats: clients.APSStats{Mean: 280, P90: 340, P99: 420}},
		// APS limit set by Temporal Support, a floor in every mode.
		{ID: "legacy-billing", Capacity: od, OnDemandAPSLimit: 800, HasLegacyLimits: true, LegacyAPSLimit: 1500,
			APS: 700, BackgroundAPS: 50, Stats: clients.APSStats{Mean: 520, P90: 760, P99: 980}},
		// Outside the US: valid tiers go to 8 but inventory allows only 4.
		{ID: "inventory-sync", Region: "aws-ap-south-1", Capacity: od, ValidTRUs: []float64{2, 3, 4, 6, 8},
			MaxAvailableTRUs: 4, OnDemandAPSLimit: 1000, APS: 880, BackgroundAPS: 70,
			Stats: clients.APSStats{Mean: 540, P90: 820, P99: 990}},
	}}
}
