// Package capacity holds the rules of Temporal Cloud capacity that both the
// chat side (package bot) and the workflows apply: which TRU values a boost
// may ask for, how long a reason may be, which namespaces a glob names, what
// a capacity costs at least, and how a schedule's clock, days and ID are
// spelled. Each rule has its one definition here, so the bot's quick check
// and the workflow's authoritative check cannot drift apart.
//
// The package is a leaf: it imports nothing of this module and no Temporal
// or Slack package, so data flows one way, chat → capacity → workflows →
// clients, and clients may use it too.
package capacity
