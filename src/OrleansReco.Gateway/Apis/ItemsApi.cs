using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansReco.Abstractions;
using OrleansReco.Gateway.Security;

namespace OrleansReco.Gateway.Apis;

/// <summary><c>/v1/items</c>: add or change items, item-to-item similarity.</summary>
public static class ItemsApi
{
    /// <summary>Maps the item endpoints.</summary>
    public static RouteGroupBuilder MapItemsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/items").WithTags("Items");
        api.MapPost("/", Upsert).WithName("UpsertItems")
            .WithSummary("Add items or change existing ones; an item without a vector is placed by the model's content tower.")
            .Accepts<ItemsRequest>("application/json").RequireAuthorization(Scopes.Admin);
        api.MapGet("/", Browse).WithName("BrowseItems").WithSummary("Catalog items matching a text (title or id) and a category, a page at a time.")
            .RequireAuthorization(Scopes.Read);
        api.MapGet("/{id}", GetItem).WithName("GetItem").WithSummary("One catalog item.").RequireAuthorization(Scopes.Read);
        api.MapDelete("/{id}", Remove).WithName("RemoveItem").WithSummary("Withdraw an item: never recommended again.").RequireAuthorization(Scopes.Admin);
        api.MapPost("/import", Import).WithName("ImportItems")
            .WithSummary("Bulk upsert from JSON lines (one item object per line); all lines are checked before any is applied.")
            .Accepts<CatalogItem>("application/x-ndjson").RequireAuthorization(Scopes.Admin).WithMetadata(new GatewaySecurity.LargeBody());
        api.MapGet("/{id}/similar", Similar).WithName("SimilarItems").WithSummary("Items closest to an item in the current model's space.")
            .RequireAuthorization(Scopes.Read);
        return api;
    }

    internal static async Task<Results<Ok<CatalogPage>, ValidationProblem>> Browse(string? search, string? category, string? offset, string? limit, IGrainFactory grains)
    {
        if (search is { Length: > CatalogQuery.MaxSearchLength })
        {
            return Problem("search", $"The search text must be at most {CatalogQuery.MaxSearchLength} characters.");
        }

        if (!QueryValues.TryParseInRange(offset, 0, int.MaxValue, 0, out var from))
        {
            return Problem("offset", "offset must be an integer ≥ 0.");
        }

        if (!QueryValues.TryParseInRange(limit, 1, CatalogQuery.MaxLimit, 20, out var count))
        {
            return Problem("limit", $"limit must be an integer in [1, {CatalogQuery.MaxLimit}].");
        }

        return TypedResults.Ok(await grains.GetGrain<IRankingGrain>(0).BrowseAsync(new CatalogQuery(search, category, from, count)));
    }

    internal static async Task<Results<Ok<CatalogItemView>, NotFound<ProblemDetails>>> GetItem(string id, IGrainFactory grains) =>
        await grains.GetGrain<IRankingGrain>(0).GetItemAsync(id) is { } item
            ? TypedResults.Ok(item)
            : TypedResults.NotFound(new ProblemDetails { Title = "Unknown item", Detail = $"Unknown item id '{id}'.", Status = StatusCodes.Status404NotFound });

    internal static async Task<Results<NoContent, NotFound<ProblemDetails>>> Remove(string id, IGrainFactory grains)
    {
        try
        {
            await grains.GetGrain<ICatalogGrain>(0).RemoveItemAsync(id);
            return TypedResults.NoContent();
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Unknown item", Detail = e.Message, Status = StatusCodes.Status404NotFound });
        }
    }

    internal static async Task<Results<Ok<CatalogInfo>, ValidationProblem>> Import(HttpRequest request, IGrainFactory grains,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var items = new List<CatalogItem>();
        using var reader = new StreamReader(request.Body);
        var line = 0;
        while (await reader.ReadLineAsync(request.HttpContext.RequestAborted) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                items.Add(System.Text.Json.JsonSerializer.Deserialize<CatalogItem>(text, json.Value.SerializerOptions)
                    ?? throw new System.Text.Json.JsonException("null"));
            }
            catch (System.Text.Json.JsonException e)
            {
                return Problem($"line {line}", $"Not an item object: {e.Message}");
            }
        }

        if (items.Count == 0)
        {
            return Problem("body", "Send one item object per line.");
        }

        try
        {
            CatalogInfo? info = null;
            for (var offset = 0; offset < items.Count; offset += CatalogItem.MaxBatchSize)
            {
                info = await grains.GetGrain<ICatalogGrain>(0).UpsertItemsAsync(items.GetRange(offset, Math.Min(CatalogItem.MaxBatchSize, items.Count - offset)));
            }

            return TypedResults.Ok(info!);
        }
        catch (ArgumentException e)
        {
            return ItemProblem(e);
        }
    }

    private static ValidationProblem ItemProblem(ArgumentException e)
    {
        var message = e.Message.Split(" (Parameter", 2)[0];
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        var (field, detail) = colon > 0 ? (message[..colon], message[(colon + 2)..]) : ("items", message);
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, title: "The items were rejected; nothing was stored.");
    }

    private static ValidationProblem Problem(string field, string message) => FieldProblems.One(field, message);

    internal static async Task<Results<Ok<CatalogInfo>, ValidationProblem>> Upsert(JsonBody<ItemsRequest> body, IGrainFactory grains)
    {
        if (body.Value is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [body.ErrorField!] = [body.Error!] });
        }

        try
        {
            return TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(0).UpsertItemsAsync(body.Value.Items ?? []));
        }
        catch (ArgumentException e)
        {
            return ItemProblem(e); // "items[3].vector: ..." names the field; nothing was stored
        }
    }

    internal static async Task<Results<Ok<SimilarItemsResult>, NotFound<ProblemDetails>, ValidationProblem>> Similar(string id, string? k, IGrainFactory grains)
    {
        if (!QueryValues.TryParseK(k, out var count))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["k"] = [QueryValues.KError] });
        }

        try
        {
            return TypedResults.Ok(await grains.GetGrain<IRankingGrain>(0).SimilarItemsAsync(id, count));
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Unknown item", Detail = e.Message, Status = StatusCodes.Status404NotFound });
        }
    }
}
