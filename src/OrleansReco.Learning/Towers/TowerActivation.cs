namespace OrleansReco.Learning.Towers;

/// <summary>Element-wise function applied after a dense layer's affine map.</summary>
public enum TowerActivation
{
    /// <summary>No activation (the output layer).</summary>
    Identity,

    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>tanh(x).</summary>
    Tanh,
}
