package bot

import "testing"

func BenchmarkParse(b *testing.B) {
	inputs := []string{
		"boost payments.demo42 4 for 2h30m Black Friday launch",
		"boost payments 4 until 2026-11-27 15:04 sale",
		"analyze payments-* orders.* search.demo42",
		"status",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(inputs[i%len(inputs)], parseNow); err != nil {
			b.Fatal(err)
		}
	}
}
