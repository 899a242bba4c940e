#pragma once
// The model never changes by accident. Decides which model (and vector length) a run, an
// estimate, a status count, a search or the console uses for a table, and says why:
//  - no model configured: the model of the most embedded rows (TableModels::dominant()), the
//    built-in default only for a table without vectors;
//  - a configured model other than the table's is a mismatch: `run` refuses it (unless
//    --allow-mixed-models), status and the console show it as a warning.
// And whether the vectors fit the column at all (a pgvector vector(N) of another N), before
// anything is sent.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"
#include "store/TableModels.h"

#include <optional>

namespace ec {

class ItemStore;

struct ModelChoice
{
    enum class Source {
        Configured, ///< the operator chose it (settings, --model)
        Table,      ///< none configured: the model of the table's vectors
        Default,    ///< none configured and the table has no vectors: the built-in default
    };
    Source source = Source::Default;
    EmbeddingSettings embedding; ///< what to use: model, dimensions (modelConfigured as given)
    QString table;               ///< the operator's table, for messages
    QString tableModel;          ///< the model of the most embedded rows; empty without vectors
    qint64 tableModelRows = 0;
    qint64 embeddedRows = 0;
    int tableDimensions = 0; ///< vector length of the table's model; 0 when unknown
    /// The configured model (or vector length) is not the one the table's vectors have.
    bool mismatch = false;

    /// One line: which model and why, e.g. "model text-embedding-ada-002: the model of 1,200 of
    /// 1,250 embedded rows of ai_items (no model configured)".
    QString reason() const;
    /// The refusal of a mismatched run: both models and the two ways forward.
    QString mismatchMessage() const;
    /// A short warning for status and the console.
    QString mismatchWarning() const;
    /// The settings the catalog's figures are counted under (status, the console's dashboard):
    /// the table's own model on a mismatch (a warning, not pending work), else `embedding`.
    EmbeddingSettings counted() const
    {
        EmbeddingSettings settings = embedding;
        if (mismatch) {
            settings.model = tableModel;
            settings.dimensions = tableDimensions;
        }
        return settings;
    }
};

class ModelGuard
{
public:
    /// The choice for configured settings on a table holding `models`.
    static ModelChoice choose(const EmbeddingSettings& configured, const TableModels& models,
                              const QString& table);
    /// Reads the table's models and chooses; nullopt with error when the read fails.
    static std::optional<ModelChoice> inspect(const ItemStore& store, const EmbeddingSettings& configured,
                                              QString* error);
    /// Empty when vectors of `embedding` fit the column; otherwise why not, with the
    /// `--dimensions` that would fit (when the model accepts one) and the ALTER TABLE statement.
    static QString columnProblem(const CatalogSchema& schema, const TableSpec& table,
                                 const EmbeddingSettings& embedding);
    /// "text-embedding-3-small" or "text-embedding-3-small (512 dimensions)" when not native.
    static QString label(const QString& model, int dimensions);
};

} // namespace ec
