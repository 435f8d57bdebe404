-- The computed figures beside the published ones (staging.stg_published_figures, reference data):
-- match / mismatch per the figure's kind (docs/figures.md#checking-against-the-published-report),
-- missing when a published figure was not computed, not computable when the source cannot give it
-- (docs/imports.md), no reference when nothing was published.
with computed as (
    select
        year,
        figure_id,
        kind,
        value,
        value_number
    from marts.facts_and_figures
),

published as (
    select
        year,
        figure_id,
        paragraph,
        kind,
        published,
        label_en,
        label_zh
    from staging.stg_published_figures
),

catalogue as (
    -- paragraph and labels of each figure id, from its latest published year, for the rows of
    -- years that have no published values
    select
        figure_id,
        arg_max(paragraph, year) as paragraph,
        arg_max(kind, year) as kind,
        arg_max(label_en, year) as label_en,
        arg_max(label_zh, year) as label_zh
    from published
    group by figure_id
),

joined as (
    select
        coalesce(c.year, p.year) as year,
        coalesce(c.figure_id, p.figure_id) as figure_id,
        coalesce(p.paragraph, k.paragraph) as paragraph,
        coalesce(p.kind, c.kind, k.kind) as kind,
        p.published,
        c.value as computed,
        c.value_number,
        try_cast(trim(p.published) as decimal(18, 2)) as published_number,
        coalesce(p.label_en, k.label_en) as label_en,
        coalesce(p.label_zh, k.label_zh) as label_zh
    from computed as c
    full outer join published as p on p.year = c.year and p.figure_id = c.figure_id
    left join catalogue as k on k.figure_id = coalesce(c.figure_id, p.figure_id)
),

items as (
    -- a list matches when it holds the same set of items, whatever their order
    select
        *,
        list_filter(list_transform(string_split(published, ';'), lambda x: trim(x)), lambda x: x <> '')
            as published_items,
        list_filter(list_transform(string_split(computed, ';'), lambda x: trim(x)), lambda x: x <> '') as computed_items
    from joined
)

select
    year,
    figure_id,
    paragraph,
    kind,
    published,
    computed,
    case
        when published is null then 'no reference'
        -- the root declares a column it needs unknown (an imported export, docs/imports.md)
        when computed is null and figure_id in (select figure_id from marts.mart_unknown_figures)
            then 'not computable'
        when computed is null then 'missing'
        when kind = 'list'
            then
                case when list_has_all(published_items, computed_items)
                        and list_has_all(computed_items, published_items)
                        then 'match'
                    else 'mismatch'
                end
        when kind = 'at_least'
            then
                case when value_number >= published_number then 'match' else 'mismatch' end
        when value_number = published_number then 'match'
        else 'mismatch'
    end as status,
    label_en,
    label_zh
from items
order by year, paragraph, figure_id
