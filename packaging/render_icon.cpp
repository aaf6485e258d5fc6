// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Renders the SVG icon to a square PNG for the hicolor theme (the package ships both):
//   coroscope-render-icon IN.svg SIZE OUT.png
#include <QStringList>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    bool ok = false;
    const int size = args.size() == 4 ? args[2].toInt(&ok) : 0;
    QSvgRenderer svg(args.value(1));
    if (!ok || size < 16 || !svg.isValid()) {
        QTextStream(stderr) << "usage: coroscope-render-icon IN.svg SIZE OUT.png (a valid SVG, SIZE >= 16)\n";
        return 2;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    svg.render(&painter);
    painter.end();
    if (!image.save(args[3])) {
        QTextStream(stderr) << "coroscope-render-icon: cannot write " << args[3] << '\n';
        return 2;
    }
    return 0;
}
