package socialcrm

// alertStatusRank orders an alert's statuses: it only moves forward.
var alertStatusRank = map[string]int{AlertFiring: 0, AlertAcknowledged: 1, AlertResolved: 2}

// KeepAlertStatus reports whether a stored alert of status stored keeps
// it when saved again with status next: an alert's status only moves
// forward (firing → acknowledged → resolved), so a process saving an
// older copy of the alert (the alerter that raised it) never undoes an
// acknowledgement or a resolution made in another (socialcrm web). Stores
// then keep the stored status and AckedBy, and take the rest of the save.
func KeepAlertStatus(stored, next string) bool {
	s, ok1 := alertStatusRank[stored]
	n, ok2 := alertStatusRank[next]
	return ok1 && ok2 && s > n
}
