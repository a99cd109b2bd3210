namespace OrleansReco.Silo;

/// <summary>Where this silo listens and which cluster it joins. Section <c>OrleansReco:Silo</c>.</summary>
public sealed record SiloOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Silo";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Orleans cluster id.</summary>
    public string ClusterId { get; set; } = "orleansreco-dev";

    /// <summary>Orleans service id.</summary>
    public string ServiceId { get; set; } = "orleansreco";

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            errors.Add("Silo SiloPort and GatewayPort must be distinct ports in [1, 65535].");
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            errors.Add("Silo ClusterId and ServiceId are required.");
        }

        return errors;
    }
}
