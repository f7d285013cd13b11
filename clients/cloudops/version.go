package cloudops

import "strconv"

// minCapacityVersion is the first API version whose responses carry the
// capacity fields (temporal:versioning:min_version=v0.10.0 on CapacitySpec).
var minCapacityVersion = [3]int{0, 10, 0}

// CapacityFieldsVisible reports whether a temporal-cloud-api-version header
// value is recent enough for the capacity fields; a malformed one is not.
func CapacityFieldsVisible(version string) bool {
	m := apiVersionPattern.FindStringSubmatch(version)
	if m == nil {
		return false
	}
	for i := range 3 {
		n, _ := strconv.Atoi(m[i+1])
		if n != minCapacityVersion[i] {
			return n > minCapacityVersion[i]
		}
	}
	return true
}
