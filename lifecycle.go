package socialcrm

import (
	"fmt"
	"slices"
	"strings"
)

// Lifecycle stages of a contact or an account, from first contact to
// after the last sale. Empty means not set.
const (
	LifecycleLead           = "lead"
	LifecycleProspect       = "prospect"
	LifecycleCustomer       = "customer"
	LifecycleFormerCustomer = "former_customer"
)

// LifecycleStages lists every lifecycle stage.
var LifecycleStages = []string{LifecycleLead, LifecycleProspect, LifecycleCustomer, LifecycleFormerCustomer}

// NormalizeTags returns tags trimmed, in lower case, with inner runs of
// spaces as one, without empty ones and duplicates, in their first order.
// Both stores keep tags in this form.
func NormalizeTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		t = strings.ToLower(strings.Join(strings.Fields(t), " "))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// checkCRMFields reports the first of a record's lifecycle stage, owner
// (a user ID) and tags that cannot be stored.
func checkCRMFields(kind, id, lifecycle, owner string, tags []string) error {
	if lifecycle != "" && !slices.Contains(LifecycleStages, lifecycle) {
		return Invalidf("%s %q: lifecycle %q is not one of %s", kind, id, lifecycle, strings.Join(LifecycleStages, ", "))
	}
	if owner != "" {
		if err := ValidID("owner", owner); err != nil {
			return fmt.Errorf("%s %q: %w", kind, id, err)
		}
	}
	if len(tags) > MaxTags {
		return Invalidf("%s %q: %d tags, at most %d allowed", kind, id, len(tags), MaxTags)
	}
	for _, t := range tags {
		if err := maxLen("tag", t, MaxTagLen); err != nil {
			return fmt.Errorf("%s %q: %w", kind, id, err)
		}
	}
	return nil
}

// Limits on the fields of an account, in characters.
const (
	MaxDomainLen = 253
)

// CheckFields reports the first field of a that no store keeps: an
// unknown tier or lifecycle stage, an owner that is no ID, tags over
// their limits, a name or domain too long.
func (a *Account) CheckFields() error {
	switch a.Tier {
	case "", TierPlatinum, TierGold, TierSilver, TierBronze:
	default:
		return Invalidf("account %q: tier %q is not one of platinum, gold, silver, bronze", a.ID, a.Tier)
	}
	if err := maxLen("name", a.Name, MaxNameLen); err != nil {
		return fmt.Errorf("account %q: %w", a.ID, err)
	}
	if err := maxLen("domain", a.Domain, MaxDomainLen); err != nil {
		return fmt.Errorf("account %q: %w", a.ID, err)
	}
	if a.Value < 0 {
		return Invalidf("account %q: value %v is negative", a.ID, a.Value)
	}
	if err := a.CheckCurrency(); err != nil {
		return err
	}
	return checkCRMFields("account", a.ID, a.Lifecycle, a.Owner, a.Tags)
}

// Validate reports the first reason a cannot be created through the API:
// its id, a missing name, or a field CheckFields refuses.
func (a *Account) Validate() error {
	if err := ValidID("account", a.ID); err != nil {
		return err
	}
	if strings.TrimSpace(a.Name) == "" {
		return Invalidf("account %q: name is required", a.ID)
	}
	return a.CheckFields()
}
