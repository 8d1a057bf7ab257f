// Package socialcrm holds the domain types of the social CRM listening
// service: mentions collected from social networks, their sentiment and
// interactions, CRM contacts and accounts, relationship ties and crisis
// alerts, together with the service interfaces the adapters implement.
//
// The package does no I/O and imports nothing from this module; every other
// package talks to the rest through these types.
package socialcrm

// SchemaVersion is the value of the "v" field of every JSON message this
// version writes to Kafka. Readers reject versions they do not know.
const SchemaVersion = 1

// Kafka topics, see DESIGN.md.
const (
	TopicRaw          = "mentions.raw"
	TopicScored       = "mentions.scored"
	TopicInteractions = "interactions"
	TopicAlerts       = "alerts"
	TopicDLQ          = "mentions.dlq"
)

// Topics lists every topic the service uses, for topic creation.
var Topics = []string{TopicRaw, TopicScored, TopicInteractions, TopicAlerts, TopicDLQ}
