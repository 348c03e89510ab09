<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>LayerTree</name>
    <message>
        <location filename="../../app/main_window.py" line="59" />
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="59" />
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="59" />
        <source>Geometry</source>
        <translation>几何类型</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="60" />
        <source>Extent</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="60" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="65" />
        <source>Polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="65" />
        <source>Lines</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="66" />
        <source>Points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="68" />
        <source>{0}, 3D</source>
        <translation>{0}（三维）</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="81" />
        <location filename="../../app/main_window.py" line="85" />
        <source>DEM</source>
        <translation>数字高程模型</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="81" />
        <source>raster, {0} m cells</source>
        <translation>栅格，{0} 米格网</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="85" />
        <source>none in this cache</source>
        <translation>本缓存中没有</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="127" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="128" />
        <source>&amp;Open cache…</source>
        <translation>打开缓存(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="131" />
        <source>&amp;Import file…</source>
        <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="134" />
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="137" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="144" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="145" />
        <source>&amp;About cimview</source>
        <translation>关于 cimview(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="155" />
        <source>Cannot open cache</source>
        <translation>无法打开缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="162" />
        <source>CRS {0}  Height datum {1}</source>
        <translation>坐标系 {0}  高程基准 {1}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="164" />
        <source>Extent {0}</source>
        <translation>范围 {0}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="168" />
        <source>Open cache</source>
        <translation>打开缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="169" />
        <source>cimview caches (*.gpkg)</source>
        <translation>cimview 缓存 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="175" />
        <source>Import into this cache</source>
        <translation>导入到当前缓存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="176" />
        <source>City data (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff);;All files (*)</source>
        <translation>城市数据 (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="184" />
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="199" />
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="202" />
        <source>Import failed; the cache is unchanged</source>
        <translation>导入失败，缓存未改动</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="203" />
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="204" />
        <source>{0}

The cache is unchanged.</source>
        <translation>{0}

缓存未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="207" />
        <source>About cimview</source>
        <translation>关于 cimview</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="208" />
        <source>cimview: the desktop client of a city's CIM base platform.</source>
        <translation>cimview：城市信息模型（CIM）基础平台的桌面客户端。</translation>
    </message>
</context>
</TS>