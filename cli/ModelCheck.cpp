#include "ModelCheck.h"

#include "ReadOnlyStore.h"
#include "store/ItemStore.h"

namespace ec {

bool applyModelChoice(CliContext& context, const ItemStore& store, ModelCheckMode mode, bool allowMixed,
                      std::optional<ModelChoice>* out)
{
    QString error;
    const auto choice = ModelGuard::inspect(store, context.config.embedding, &error);
    if (!choice) {
        context.fail(error);
        return false;
    }
    if (out)
        *out = choice;
    context.config.embedding = choice->embedding;
    const bool talk = !context.quiet && !context.json;
    if (choice->mismatch) {
        if (mode == ModelCheckMode::Report) {
            // the command shows the warning with its figures
        } else if (allowMixed) {
            if (!context.quiet)
                context.err << "warning: " << choice->mismatchWarning() << '\n';
        } else {
            context.fail(mode == ModelCheckMode::Search
                             ? QStringLiteral("the table's vectors are %1: a query embedded with %2 would "
                                              "be compared across two vector spaces; search with --model %3")
                                   .arg(ModelGuard::label(choice->tableModel, choice->tableDimensions),
                                        ModelGuard::label(choice->embedding.model,
                                                          choice->embedding.effectiveDimensions()),
                                        choice->tableModel)
                             : choice->mismatchMessage());
            return false;
        }
    } else if (talk) {
        context.err << "Using " << choice->reason() << '\n';
    }
    if (mode == ModelCheckMode::Run) {
        const QString problem =
            ModelGuard::columnProblem(store.schema(), store.table(), context.config.embedding);
        if (!problem.isEmpty()) {
            context.fail(problem);
            return false;
        }
    }
    return true;
}

bool applyModelChoice(CliContext& context, ModelCheckMode mode, bool allowMixed,
                      std::optional<ModelChoice>* out)
{
    QString error;
    auto store = openForReading(context.config, QStringLiteral("embedctl-model-check"), &error);
    if (!store)
        return true;
    return applyModelChoice(context, *store, mode, allowMixed, out);
}

QJsonObject modelChoiceToJson(const ModelChoice& choice)
{
    const char* source = choice.source == ModelChoice::Source::Configured ? "configured"
                         : choice.source == ModelChoice::Source::Table    ? "table"
                                                                          : "default";
    return QJsonObject{{QStringLiteral("model"), choice.embedding.model},
                       {QStringLiteral("dimensions"), choice.embedding.effectiveDimensions()},
                       {QStringLiteral("source"), QLatin1String(source)},
                       {QStringLiteral("table_model"), choice.tableModel},
                       {QStringLiteral("table_model_rows"), choice.tableModelRows},
                       {QStringLiteral("embedded_rows"), choice.embeddedRows},
                       {QStringLiteral("mismatch"), choice.mismatch},
                       {QStringLiteral("reason"), choice.reason()}};
}

} // namespace ec
