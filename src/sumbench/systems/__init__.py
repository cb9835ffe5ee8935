"""Systems: the registry, sumy adapters, Lead-k, the oracle, plugins and output folders."""
