package console

// price is the Handler's ACTION_PRICE_PER_MILLION (0 without a Handler).
func (c *Console) price() float64 {
	if c.o.Handler == nil {
		return 0
	}
	return c.o.Handler.Policy().ActionPricePerMillion
}
