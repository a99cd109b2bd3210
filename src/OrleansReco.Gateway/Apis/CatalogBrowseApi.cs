using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary>
/// Stand-in for <c>GET /v1/items?search=&amp;category=&amp;offset=&amp;limit=</c> (browse and search the catalog), with the
/// contract the demo page is built against; the real endpoint replaces this file. Not mapped by
/// <see cref="GatewayExtensions.MapOrleansRecoApi"/>: the page tests map it when the host has no such endpoint.
/// </summary>
public static class CatalogBrowseApi
{
    /// <summary>Largest page.</summary>
    public const int MaxLimit = 100;

    /// <summary>Maps the browse endpoint.</summary>
    public static RouteHandlerBuilder MapCatalogBrowseApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/items", Browse).WithName("BrowseItems").WithTags("Items").WithSummary("A page of catalog items, searched by title or id and filtered by category.");

    internal static async Task<Results<Ok<CatalogPage>, ValidationProblem>> Browse(string? search, string? category, string? offset, string? limit, IGrainFactory grains)
    {
        if (!QueryValues.TryParseInRange(offset, 0, int.MaxValue, 0, out var skip))
        {
            return Problem("offset", "offset must be a non-negative integer.");
        }

        if (!QueryValues.TryParseInRange(limit, 1, MaxLimit, 20, out var take))
        {
            return Problem("limit", $"limit must be an integer in [1, {MaxLimit}].");
        }

        var snapshot = await grains.GetGrain<ICatalogGrain>(0).GetSnapshotAsync();
        var matches = Enumerable.Range(0, snapshot.ItemIds.Length).Where(i => Matches(snapshot, i, search, category)).ToList();
        var items = matches.Skip(skip).Take(take)
            .Select(i => new CatalogPageItem(snapshot.ItemIds[i], snapshot.Titles[i], snapshot.Categories[i].Split('|', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        return TypedResults.Ok(new CatalogPage(items, matches.Count));
    }

    private static bool Matches(CatalogSnapshot snapshot, int i, string? search, string? category) =>
        (string.IsNullOrWhiteSpace(search)
            || snapshot.Titles[i].Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)
            || snapshot.ItemIds[i].Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(category)
            || snapshot.Categories[i].Split('|').Contains(category.Trim(), StringComparer.OrdinalIgnoreCase));

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>One catalog item as browsed.</summary>
public sealed record CatalogPageItem(string ItemId, string Title, IReadOnlyList<string> Categories);

/// <summary>Answer of <c>GET /v1/items</c>: one page of the matching items and how many match in all.</summary>
public sealed record CatalogPage(IReadOnlyList<CatalogPageItem> Items, int Total);
