#pragma once

#include "ProjectPage.h"

#include <vector>

class QGridLayout;

namespace mb::ui {

// An analysis page that is not built yet: it says what the analysis will do, for whom, and which
// of the data it needs the open project already holds.
class PlaceholderPage : public ProjectPage {
    Q_OBJECT
public:
    struct Need {
        QString kind;  // an input kind's name
        bool required = true;
    };

    PlaceholderPage(const QString& title, const QString& description, const QString& plan,
                    std::vector<Need> needs, QWidget* parent = nullptr);

    void setConnection(ProjectConnection* connection) override;
    void refresh() override;
    // The count shown for a kind, or -1 when the kind is not on this page.
    qint64 shownCount(const QString& kind) const;

private:
    std::vector<Need> needs_;
    std::vector<qint64> counts_;
    QGridLayout* needsGrid_ = nullptr;
};

}  // namespace mb::ui
