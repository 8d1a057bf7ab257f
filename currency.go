package socialcrm

// DefaultCurrency is the currency of an account value that names none.
const DefaultCurrency = "EUR"

// ValidCurrency reports whether c looks like an ISO 4217 code in upper
// case, such as EUR or USD.
func ValidCurrency(c string) bool { return validCurrency(c) }

// CheckCurrency returns ErrInvalid when the account's currency is not
// empty and not an ISO 4217 code.
func (a *Account) CheckCurrency() error {
	if a.Currency != "" && !ValidCurrency(a.Currency) {
		return Invalidf("account %q: currency %q: want an ISO 4217 code such as EUR", a.ID, a.Currency)
	}
	return nil
}

// ValueCurrency is the currency of the account's Value: its Currency, or
// DefaultCurrency when it names none.
func (a *Account) ValueCurrency() string {
	if a.Currency == "" {
		return DefaultCurrency
	}
	return a.Currency
}
