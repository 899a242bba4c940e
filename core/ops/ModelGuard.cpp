#include "ops/ModelGuard.h"

#include "config/ModelCatalog.h"
#include "store/ItemStore.h"

#include <QCoreApplication>
#include <QLocale>

namespace ec {

namespace {

QString count(qint64 n)
{
    QLocale c(QLocale::C);
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    return c.toString(n);
}

int nativeDimensions(const QString& model)
{
    const auto spec = ModelCatalog::find(model);
    return spec ? spec->nativeDimensions : 0;
}

bool acceptsDimensions(const QString& model)
{
    const auto spec = ModelCatalog::find(model);
    return !spec || spec->acceptsDimensions; // self-hosted models: their server decides
}

} // namespace

QString ModelGuard::label(const QString& model, int dimensions)
{
    if (dimensions > 0 && dimensions != nativeDimensions(model))
        return QStringLiteral("%1 (%2 dimensions)").arg(model).arg(dimensions);
    return model;
}

ModelChoice ModelGuard::choose(const EmbeddingSettings& configured, const TableModels& models,
                               const QString& table)
{
    ModelChoice c;
    c.embedding = configured;
    c.table = table;
    c.tableModel = models.dominant();
    c.tableModelRows = models.dominantRows();
    c.embeddedRows = models.embeddedRows;
    c.tableDimensions = models.dominantDimensions;
    if (c.tableModel.isEmpty()) {
        c.source =
            configured.modelConfigured ? ModelChoice::Source::Configured : ModelChoice::Source::Default;
        return c;
    }
    // Without a --dimensions of its own, the table's model keeps the table's vector length
    // (text-embedding-3-* stored shorter than native).
    const auto keepTableLength = [&](EmbeddingSettings& e) {
        if (e.dimensions <= 0 && c.tableDimensions > 0 && c.tableDimensions != nativeDimensions(e.model) &&
            acceptsDimensions(e.model))
            e.dimensions = c.tableDimensions;
    };
    if (!configured.modelConfigured) {
        c.source = ModelChoice::Source::Table;
        c.embedding.model = c.tableModel;
        keepTableLength(c.embedding);
    } else {
        c.source = ModelChoice::Source::Configured;
        if (c.embedding.model == c.tableModel)
            keepTableLength(c.embedding);
    }
    const int want = c.embedding.effectiveDimensions();
    c.mismatch =
        c.embedding.model != c.tableModel || (want > 0 && c.tableDimensions > 0 && want != c.tableDimensions);
    return c;
}

std::optional<ModelChoice> ModelGuard::inspect(const ItemStore& store, const EmbeddingSettings& configured,
                                               QString* error)
{
    const auto models = TableModels::read(store, error);
    if (!models)
        return std::nullopt;
    return choose(configured, *models, store.table().table);
}

QString ModelChoice::reason() const
{
    const QString used = ModelGuard::label(embedding.model, embedding.dimensions);
    switch (source) {
    case Source::Table:
        return QCoreApplication::translate(
                   "ModelChoice",
                   "model %1: the model of %2 of the %3 embedded rows of %4 (no model configured)")
            .arg(used, count(tableModelRows), count(embeddedRows), table);
    case Source::Default:
        return QCoreApplication::translate(
                   "ModelChoice",
                   "model %1: the built-in default (no model configured, and %2 has no vectors yet)")
            .arg(used, table);
    case Source::Configured:
        break;
    }
    if (tableModel.isEmpty())
        return QCoreApplication::translate("ModelChoice", "model %1: configured (%2 has no vectors yet)")
            .arg(used, table);
    if (!mismatch)
        return QCoreApplication::translate(
                   "ModelChoice", "model %1: configured, the model of %2 of the %3 embedded rows of %4")
            .arg(used, count(tableModelRows), count(embeddedRows), table);
    return QCoreApplication::translate(
               "ModelChoice", "model %1: configured, but %2 of the %3 embedded rows of %4 hold %5 vectors")
        .arg(used, count(tableModelRows), count(embeddedRows), table,
             ModelGuard::label(tableModel, tableDimensions));
}

QString ModelChoice::mismatchWarning() const
{
    return QCoreApplication::translate(
               "ModelChoice",
               "the configured model %1 is not the table's: %2 of the %3 embedded rows of %4 hold "
               "%5 vectors; a run refuses to mix them (use --model %6, or embedctl migrate)")
        .arg(ModelGuard::label(embedding.model, embedding.effectiveDimensions()), count(tableModelRows),
             count(embeddedRows), table, ModelGuard::label(tableModel, tableDimensions), tableModel);
}

QString ModelChoice::mismatchMessage() const
{
    QString keep = QStringLiteral("--model ") + tableModel;
    if (tableDimensions > 0 && tableDimensions != nativeDimensions(tableModel))
        keep += QStringLiteral(" --dimensions ") + QString::number(tableDimensions);
    QString to = QStringLiteral("embedctl migrate --to-model ") + embedding.model;
    if (embedding.dimensions > 0 && embedding.dimensions != nativeDimensions(embedding.model))
        to += QStringLiteral(" --dimensions ") + QString::number(embedding.dimensions);
    return QCoreApplication::translate(
               "ModelChoice",
               "refusing to mix models: %1 of the %2 embedded rows of %3 hold %4 vectors, and the configured "
               "model is %5. Embedding with %5 would leave the table's search index with vectors of two "
               "incompatible spaces. Either keep the table's model (%6), or change models without a "
               "search outage (%7). --allow-mixed-models re-embeds row by row anyway.")
        .arg(count(tableModelRows), count(embeddedRows), table,
             ModelGuard::label(tableModel, tableDimensions),
             ModelGuard::label(embedding.model, embedding.effectiveDimensions()), keep, to);
}

QString ModelGuard::columnProblem(const CatalogSchema& schema, const TableSpec& table,
                                  const EmbeddingSettings& embedding)
{
    const int declared = schema.declaredDimensions;
    const int want = embedding.effectiveDimensions();
    if (schema.vectorKind != VectorColumnKind::PgVector || declared <= 0 || want <= 0 || want == declared)
        return QString();
    const int native = nativeDimensions(embedding.model);
    const bool canShorten = acceptsDimensions(embedding.model) && (native == 0 || declared <= native);
    const QString fit =
        canShorten
            ? QStringLiteral("run with --dimensions %1 (%2 accepts it)").arg(declared).arg(embedding.model)
            : QStringLiteral("no --dimensions of %1 fits it").arg(embedding.model);
    return QStringLiteral("cannot store %1-dimensional vectors of %2 in %3.%4, declared vector(%5): %6, or "
                          "change the column: ALTER TABLE %3 ALTER COLUMN %4 TYPE vector(%1); (pgvector "
                          "refuses it while the column holds vector(%5) values). Nothing was sent.")
        .arg(want)
        .arg(embedding.model, table.table, table.embeddingColumn)
        .arg(declared)
        .arg(fit);
}

} // namespace ec
